using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using NotebookKit.Files;
using NotebookKit.Optim;
using NotebookKit.Specs;

namespace NotebookKit.Training;

/// <summary>
/// Everything a <see cref="Trainer"/> needs to continue exactly: model parameters and buffers, the model's dropout
/// generator, optimizer state, scheduler state, the loaders' shuffle and augmentation generators, the history and
/// the epoch. Stored as one JSON file (float arrays as little-endian base64), written via temp file + rename.
/// </summary>
public sealed class TrainingCheckpoint
{
    /// <summary>The format tag written into every checkpoint.</summary>
    public const string Format = "nbkit-checkpoint/1";

    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        // Scheduler states may hold ±Infinity (ReduceLROnPlateau's best before the first step).
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private readonly JsonObject root;

    private TrainingCheckpoint(JsonObject root) => this.root = root;

    /// <summary>The number of finished epochs the checkpoint holds.</summary>
    public int Epoch => root["epoch"]!.GetValue<int>();

    /// <summary>Captures a trainer's complete state.</summary>
    public static TrainingCheckpoint Capture(Trainer trainer)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        var model = trainer.Model;
        var parameters = new JsonObject();
        foreach (var p in model.Parameters)
        {
            parameters[p.Name] = Encode(p.Value);
        }

        var buffers = new JsonObject();
        foreach (var (name, values) in model.Buffers)
        {
            buffers[name] = Encode(values);
        }

        var state = trainer.Optimizer.Save();
        var optimizerBuffers = new JsonObject();
        foreach (var (name, values) in state.Buffers)
        {
            optimizerBuffers[name] = Encode(values);
        }

        var steps = new JsonObject();
        foreach (var (name, count) in state.Steps)
        {
            steps[name] = count;
        }

        var root = new JsonObject
        {
            ["format"] = Format,
            ["epoch"] = trainer.CompletedEpochs,
            ["steps"] = trainer.Steps,
            ["model"] = new JsonObject
            {
                ["name"] = model.Name,
                ["parameters"] = parameters,
                ["buffers"] = buffers,
                ["random"] = Words(model.Random.GetState()),
            },
            ["optimizer"] = new JsonObject
            {
                ["type"] = state.Optimizer,
                ["lrs"] = EncodeDoubles(state.LearningRates),
                ["momenta"] = EncodeDoubles(state.Momenta),
                ["steps"] = steps,
                ["buffers"] = optimizerBuffers,
            },
            ["scheduler"] = trainer.Scheduler?.SaveState().DeepClone(),
            ["train_loader"] = LoaderState(trainer.Train),
            ["validation_loader"] = trainer.Validation is null ? null : LoaderState(trainer.Validation),
            ["history"] = new JsonObject
            {
                ["epochs"] = trainer.History.ToJson(),
                ["batches"] = trainer.History.BatchesToJson(),
            },
        };
        return new TrainingCheckpoint(root);
    }

    /// <summary>Reads a checkpoint file.</summary>
    /// <exception cref="InvalidDataException">The file is not a NotebookKit checkpoint or is damaged.</exception>
    public static TrainingCheckpoint Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Checkpoint '{path}' is not valid JSON ({e.Message}).", e);
        }

        if (node is not JsonObject root || root["format"]?.GetValue<string>() != Format)
        {
            throw new InvalidDataException($"'{path}' is not a NotebookKit checkpoint (expected format '{Format}').");
        }

        return new TrainingCheckpoint(root);
    }

    /// <summary>Writes the checkpoint to <paramref name="path"/> via a temporary file and a rename, so a crash never leaves half a file.</summary>
    public void Write(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        AtomicFile.WriteAllText(path, root.ToJsonString(WriteOptions));
    }

    /// <summary>Restores this checkpoint into a trainer built like the one that wrote it (same model, optimizer, scheduler and loaders).</summary>
    /// <remarks>
    /// All or nothing: every part is read and checked against the trainer first (model name, every parameter and buffer
    /// by name and length, the random states, the optimizer's type, groups and buffers, the scheduler's type and state,
    /// the history); only then is anything assigned. A checkpoint that does not fit leaves the trainer as it was.
    /// </remarks>
    /// <exception cref="InvalidDataException">The checkpoint does not fit the trainer or is damaged; the message names the mismatch.</exception>
    public void Restore(Trainer trainer)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        var model = trainer.Model;

        // 1. Read and check everything; nothing is assigned yet.
        var m = Object(root, "model");
        string name = Text(m, "name", "model");
        if (name != model.Name)
        {
            throw new InvalidDataException($"The checkpoint holds a '{name}' model, not '{model.Name}'.");
        }

        var savedParameters = Object(m, "parameters", "model");
        var parameters = model.Parameters
            .Select(p => (Target: p.Value, Values: DecodeFor(savedParameters[p.Name] ?? throw new InvalidDataException($"The checkpoint has no parameter '{p.Name}'."), p.Value.Length, p.Name)))
            .ToArray();
        var savedBuffers = Object(m, "buffers", "model");
        var buffers = model.Buffers
            .Select(b => (Target: b.Value, Values: DecodeFor(savedBuffers[b.Key] ?? throw new InvalidDataException($"The checkpoint has no buffer '{b.Key}'."), b.Value.Length, b.Key)))
            .ToArray();
        ulong[] modelRandom = ReadRandom(m["random"], "model.random");

        var o = Object(root, "optimizer");
        OptimizerState optimizerState = Read("optimizer", () => new OptimizerState(
            Text(o, "type", "optimizer"),
            DecodeDoubles(o["lrs"]!),
            DecodeDoubles(o["momenta"]!),
            Object(o, "steps", "optimizer").ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<long>(), StringComparer.Ordinal),
            Object(o, "buffers", "optimizer").ToDictionary(kv => kv.Key, kv => Decode(kv.Value!), StringComparer.Ordinal)));

        JsonObject? schedulerState = null;
        if (trainer.Scheduler is not null)
        {
            schedulerState = root["scheduler"] as JsonObject ?? throw new InvalidDataException("The checkpoint has no scheduler state but the trainer has a scheduler.");
        }

        var trainLoader = Object(root, "train_loader");
        ulong[] trainShuffle = ReadRandom(trainLoader["shuffle"], "train_loader.shuffle");
        ulong[] trainAugment = ReadRandom(trainLoader["augment"], "train_loader.augment");
        (ulong[] Shuffle, ulong[] Augment)? validation = null;
        if (trainer.Validation is not null && root["validation_loader"] is JsonObject v)
        {
            validation = (ReadRandom(v["shuffle"], "validation_loader.shuffle"), ReadRandom(v["augment"], "validation_loader.augment"));
        }

        var h = Object(root, "history");
        var history = Read("history", () => TrainingHistory.FromJson(h["epochs"]!.AsArray(), h["batches"]!.AsArray()));
        int epoch = Read("epoch", () => root["epoch"]!.GetValue<int>());
        long steps = Read("steps", () => root["steps"]!.GetValue<long>());

        // 2. The optimizer and scheduler check their own states; a refusal is undone, so the trainer is unchanged.
        var optimizerBefore = trainer.Optimizer.Save();
        try
        {
            trainer.Optimizer.Load(optimizerState);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"The checkpoint's optimizer state does not fit this {trainer.Optimizer.GetType().Name}: {UserMessage.Of(e)}", e);
        }

        if (trainer.Scheduler is { } scheduler)
        {
            var schedulerBefore = scheduler.SaveState();
            try
            {
                scheduler.LoadState((JsonObject)schedulerState!.DeepClone());
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or KeyNotFoundException or NullReferenceException)
            {
                scheduler.LoadState(schedulerBefore);
                trainer.Optimizer.Load(optimizerBefore);
                throw new InvalidDataException($"The checkpoint's scheduler state does not fit this {scheduler.GetType().Name}: {UserMessage.Of(e)}", e);
            }
        }

        // 3. Everything fits: assign.
        foreach (var (target, values) in parameters.Concat(buffers))
        {
            values.CopyTo(target, 0);
        }

        model.Random.SetState(modelRandom);
        trainer.Train.ShuffleRandom.SetState(trainShuffle);
        trainer.Train.AugmentRandom.SetState(trainAugment);
        if (validation is var (shuffle, augment))
        {
            trainer.Validation!.ShuffleRandom.SetState(shuffle);
            trainer.Validation.AugmentRandom.SetState(augment);
        }

        trainer.Restore(epoch, steps, history);
    }

    private static JsonObject Object(JsonObject parent, string key, string? path = null) =>
        parent[key] as JsonObject ?? throw new InvalidDataException($"The checkpoint is damaged: '{(path is null ? key : path + "." + key)}' is missing or not an object.");

    private static string Text(JsonObject parent, string key, string path) =>
        Read($"{path}.{key}", () => parent[key]!.GetValue<string>());

    /// <summary>Runs a read of the checkpoint's JSON, turning a missing or mistyped value into a message naming <paramref name="key"/>.</summary>
    private static T Read<T>(string key, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is NullReferenceException or InvalidOperationException or FormatException or ArgumentException or OverflowException or JsonException)
        {
            throw new InvalidDataException($"The checkpoint is damaged: '{key}' is missing or unreadable ({UserMessage.Of(e)}).", e);
        }
    }

    private static ulong[] ReadRandom(JsonNode? node, string key)
    {
        ulong[] words = Read(key, () => ReadWords(node!));
        if (words.Length != 4 || words.All(w => w == 0))
        {
            throw new InvalidDataException($"The checkpoint is damaged: '{key}' must be four words, not all zero.");
        }

        return words;
    }

    private static float[] DecodeFor(JsonNode node, int length, string name)
    {
        float[] values = Read(name, () => Decode(node));
        if (values.Length != length)
        {
            throw new InvalidDataException($"The checkpoint's '{name}' has {values.Length} values; the model's has {length}.");
        }

        return values;
    }

    private static JsonObject LoaderState(Data.DataLoader loader) => new()
    {
        ["shuffle"] = Words(loader.ShuffleRandom.GetState()),
        ["augment"] = Words(loader.AugmentRandom.GetState()),
    };

    private static JsonArray Words(ulong[] words) => new(words.Select(w => (JsonNode?)JsonValue.Create(w)).ToArray());

    private static ulong[] ReadWords(JsonNode node) => node.AsArray().Select(w => w!.GetValue<ulong>()).ToArray();

    private static string Encode(float[] values) => Convert.ToBase64String(MemoryMarshal.AsBytes(values.AsSpan()));

    private static float[] Decode(JsonNode node)
    {
        byte[] bytes = Convert.FromBase64String(node.GetValue<string>());
        if (bytes.Length % sizeof(float) != 0)
        {
            throw new FormatException($"{bytes.Length} bytes is not a whole number of float32 values");
        }

        return MemoryMarshal.Cast<byte, float>(bytes).ToArray();
    }

    private static string EncodeDoubles(IReadOnlyList<double> values) =>
        Convert.ToBase64String(MemoryMarshal.AsBytes(values.ToArray().AsSpan()));

    private static double[] DecodeDoubles(JsonNode node)
    {
        byte[] bytes = Convert.FromBase64String(node.GetValue<string>());
        if (bytes.Length % sizeof(double) != 0)
        {
            throw new FormatException($"{bytes.Length} bytes is not a whole number of float64 values");
        }

        return MemoryMarshal.Cast<byte, double>(bytes).ToArray();
    }
}
