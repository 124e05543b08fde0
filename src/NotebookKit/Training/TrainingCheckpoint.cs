using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using NotebookKit.Files;
using NotebookKit.Optim;

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
    /// <exception cref="InvalidDataException">The checkpoint does not fit the trainer (other model, parameter shapes or optimizer).</exception>
    public void Restore(Trainer trainer)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        var model = trainer.Model;
        var m = root["model"]!.AsObject();
        if (m["name"]!.GetValue<string>() != model.Name)
        {
            throw new InvalidDataException($"The checkpoint holds a '{m["name"]}' model, not '{model.Name}'.");
        }

        var parameters = m["parameters"]!.AsObject();
        foreach (var p in model.Parameters)
        {
            DecodeInto(parameters[p.Name] ?? throw new InvalidDataException($"The checkpoint has no parameter '{p.Name}'."), p.Value, p.Name);
        }

        var buffers = m["buffers"]!.AsObject();
        foreach (var (name, values) in model.Buffers)
        {
            DecodeInto(buffers[name] ?? throw new InvalidDataException($"The checkpoint has no buffer '{name}'."), values, name);
        }

        model.Random.SetState(ReadWords(m["random"]!));

        var o = root["optimizer"]!.AsObject();
        var optimizerBuffers = o["buffers"]!.AsObject().ToDictionary(kv => kv.Key, kv => Decode(kv.Value!), StringComparer.Ordinal);
        var steps = o["steps"]!.AsObject().ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<long>(), StringComparer.Ordinal);
        trainer.Optimizer.Load(new OptimizerState(
            o["type"]!.GetValue<string>(),
            DecodeDoubles(o["lrs"]!),
            DecodeDoubles(o["momenta"]!),
            steps,
            optimizerBuffers));

        if (trainer.Scheduler is { } scheduler)
        {
            var state = root["scheduler"] as JsonObject ?? throw new InvalidDataException("The checkpoint has no scheduler state but the trainer has a scheduler.");
            scheduler.LoadState((JsonObject)state.DeepClone());
        }

        RestoreLoader(root["train_loader"]!, trainer.Train);
        if (trainer.Validation is not null && root["validation_loader"] is { } validation)
        {
            RestoreLoader(validation, trainer.Validation);
        }

        var history = root["history"]!.AsObject();
        trainer.Restore(Epoch, root["steps"]!.GetValue<long>(), TrainingHistory.FromJson(history["epochs"]!.AsArray(), history["batches"]!.AsArray()));
    }

    private static JsonObject LoaderState(Data.DataLoader loader) => new()
    {
        ["shuffle"] = Words(loader.ShuffleRandom.GetState()),
        ["augment"] = Words(loader.AugmentRandom.GetState()),
    };

    private static void RestoreLoader(JsonNode state, Data.DataLoader loader)
    {
        loader.ShuffleRandom.SetState(ReadWords(state["shuffle"]!));
        loader.AugmentRandom.SetState(ReadWords(state["augment"]!));
    }

    private static JsonArray Words(ulong[] words) => new(words.Select(w => (JsonNode?)JsonValue.Create(w)).ToArray());

    private static ulong[] ReadWords(JsonNode node) => node.AsArray().Select(w => w!.GetValue<ulong>()).ToArray();

    private static string Encode(float[] values) => Convert.ToBase64String(MemoryMarshal.AsBytes(values.AsSpan()));

    private static float[] Decode(JsonNode node)
    {
        byte[] bytes = Convert.FromBase64String(node.GetValue<string>());
        return MemoryMarshal.Cast<byte, float>(bytes).ToArray();
    }

    private static void DecodeInto(JsonNode node, float[] target, string name)
    {
        float[] values = Decode(node);
        if (values.Length != target.Length)
        {
            throw new InvalidDataException($"The checkpoint's '{name}' has {values.Length} values; the model's has {target.Length}.");
        }

        values.CopyTo(target, 0);
    }

    private static string EncodeDoubles(IReadOnlyList<double> values) =>
        Convert.ToBase64String(MemoryMarshal.AsBytes(values.ToArray().AsSpan()));

    private static double[] DecodeDoubles(JsonNode node) =>
        MemoryMarshal.Cast<byte, double>(Convert.FromBase64String(node.GetValue<string>())).ToArray();
}
