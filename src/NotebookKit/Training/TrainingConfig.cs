using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NotebookKit.Training;

/// <summary>
/// An experiment as a JSON config (the file of <c>nbkit train</c> and <c>nbkit lr-find</c>, DESIGN.md "Machine interfaces").
/// </summary>
/// <remarks>
/// <para>Keys: <c>dataset</c> (<c>fashion-mnist</c> | <c>cifar10</c>), <c>data_dir</c>, <c>model</c> (<c>mlp</c> | <c>lenet</c> |
/// <c>minivggnet</c>), <c>optimizer</c> and <c>scheduler</c> (PyTorch names, as in the trace specs), <c>scheduler_interval</c>
/// (<c>epoch</c> | <c>batch</c>; null uses the scheduler's own), <c>epochs</c>, <c>batch_size</c>, <c>train_limit</c>,
/// <c>test_limit</c>, <c>augment</c>, <c>seed</c>, <c>threads</c>.</para>
/// <para>Kit extensions: <c>normalize</c> (default true: per-channel statistics of the training images), <c>max_grad_norm</c>,
/// <c>monitor</c> (the ReduceLROnPlateau metric, Keras names, default <c>val_loss</c>); for the range test
/// <c>start_lr</c> (1e-7), <c>end_lr</c> (10), <c>num_iter</c> (100), <c>beta</c> (0.98), <c>stop_div</c> (true).
/// Any other key is an error that names it.</para>
/// </remarks>
public sealed record TrainingConfig
{
    /// <summary>Every key a config may hold.</summary>
    public static IReadOnlyList<string> Keys { get; } =
    [
        "dataset", "data_dir", "model", "optimizer", "scheduler", "scheduler_interval", "epochs", "batch_size",
        "train_limit", "test_limit", "augment", "seed", "threads", "normalize", "max_grad_norm", "monitor",
        "start_lr", "end_lr", "num_iter", "beta", "stop_div",
    ];

    /// <summary>The dataset names accepted.</summary>
    public static IReadOnlyList<string> Datasets { get; } = ["fashion-mnist", "cifar10"];

    /// <summary>The model names accepted.</summary>
    public static IReadOnlyList<string> ModelNames { get; } = ["mlp", "lenet", "minivggnet"];

    /// <summary><c>fashion-mnist</c> or <c>cifar10</c>.</summary>
    public string Dataset { get; init; } = "fashion-mnist";

    /// <summary>Where the dataset lives; null for the default look-up.</summary>
    public string? DataDir { get; init; }

    /// <summary><c>mlp</c>, <c>lenet</c> or <c>minivggnet</c>.</summary>
    public string Model { get; init; } = "mlp";

    /// <summary>The optimizer spec (PyTorch names).</summary>
    public JsonObject Optimizer { get; init; } = new() { ["type"] = "SGD", ["lr"] = 0.1, ["momentum"] = 0.9 };

    /// <summary>The scheduler spec, or null for a constant learning rate.</summary>
    public JsonObject? Scheduler { get; init; }

    /// <summary><c>epoch</c>, <c>batch</c>, or null for the scheduler's declared interval.</summary>
    public string? SchedulerInterval { get; init; }

    /// <summary>Epochs to train.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Images per batch.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Use only the first N training images; null for all.</summary>
    public int? TrainLimit { get; init; }

    /// <summary>Use only the first N test images; null for all.</summary>
    public int? TestLimit { get; init; }

    /// <summary>Random crop (padding 4) and horizontal flip on training images.</summary>
    public bool Augment { get; init; }

    /// <summary>Seeds model initialisation, shuffling, augmentation and dropout.</summary>
    public ulong Seed { get; init; }

    /// <summary>Compute threads; null for the library default.</summary>
    public int? Threads { get; init; } = 2;

    /// <summary>Normalise with the training images' per-channel mean and std.</summary>
    public bool Normalize { get; init; } = true;

    /// <summary>Gradient clipping by global norm; null for none.</summary>
    public double? MaxGradNorm { get; init; }

    /// <summary>The ReduceLROnPlateau metric (<c>val_loss</c>, <c>val_accuracy</c>, <c>loss</c>, <c>accuracy</c>).</summary>
    public string Monitor { get; init; } = "val_loss";

    /// <summary>Range test: first learning rate.</summary>
    public double StartLr { get; init; } = 1e-7;

    /// <summary>Range test: last learning rate.</summary>
    public double EndLr { get; init; } = 10;

    /// <summary>Range test: iterations.</summary>
    public int NumIter { get; init; } = 100;

    /// <summary>Range test: loss smoothing factor.</summary>
    public double Beta { get; init; } = 0.98;

    /// <summary>Range test: stop when the smoothed loss exceeds 4x its minimum.</summary>
    public bool StopDiv { get; init; } = true;

    /// <summary>Reads and validates a config file.</summary>
    /// <exception cref="ArgumentException">A key is unknown or a value breaks a rule; the message names the key.</exception>
    public static TrainingConfig Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"{path}: not valid JSON ({e.Message}).", e);
        }

        return node is JsonObject obj
            ? Parse(obj)
            : throw new ArgumentException($"{path}: a config is a JSON object such as {{\"dataset\": \"fashion-mnist\", \"model\": \"mlp\", ...}}.");
    }

    /// <summary>Validates a config object.</summary>
    /// <exception cref="ArgumentException">A key is unknown or a value breaks a rule; the message names the key.</exception>
    public static TrainingConfig Parse(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        List<string> keys;
        try
        {
            keys = json.Select(kv => kv.Key).ToList();
        }
        catch (ArgumentException e)
        {
            // System.Text.Json reports a key written twice only when the object is first enumerated.
            throw new ArgumentException($"config: a key appears twice ({e.Message}).", e);
        }

        foreach (string key in keys)
        {
            if (!Keys.Contains(key))
            {
                throw new ArgumentException($"config: unknown key '{key}'; the keys are {string.Join(", ", Keys)}.");
            }
        }

        var d = new TrainingConfig();
        var config = new TrainingConfig
        {
            Dataset = OneOf(json, "dataset", Datasets) ?? d.Dataset,
            DataDir = String(json, "data_dir"),
            Model = OneOf(json, "model", ModelNames) ?? d.Model,
            Optimizer = Object(json, "optimizer") ?? d.Optimizer,
            Scheduler = Object(json, "scheduler"),
            SchedulerInterval = OneOf(json, "scheduler_interval", ["epoch", "batch"]),
            Epochs = Integer(json, "epochs", 1) ?? d.Epochs,
            BatchSize = Integer(json, "batch_size", 1) ?? d.BatchSize,
            TrainLimit = Integer(json, "train_limit", 1),
            TestLimit = Integer(json, "test_limit", 1),
            Augment = Bool(json, "augment") ?? d.Augment,
            Seed = (ulong)(Long(json, "seed", 0, long.MaxValue) ?? 0),
            Threads = json.ContainsKey("threads") ? Integer(json, "threads", 1, 1024) : d.Threads,
            Normalize = Bool(json, "normalize") ?? d.Normalize,
            MaxGradNorm = Number(json, "max_grad_norm", positive: true),
            Monitor = OneOf(json, "monitor", TrainerOptions.PlateauMetrics) ?? d.Monitor,
            StartLr = Number(json, "start_lr", positive: true) ?? d.StartLr,
            EndLr = Number(json, "end_lr", positive: true) ?? d.EndLr,
            NumIter = Integer(json, "num_iter", 2) ?? d.NumIter,
            Beta = Number(json, "beta", positive: false) ?? d.Beta,
            StopDiv = Bool(json, "stop_div") ?? d.StopDiv,
        };
        if (!json.ContainsKey("optimizer"))
        {
            throw new ArgumentException("config: 'optimizer' is required, e.g. {\"type\": \"SGD\", \"lr\": 0.1, \"momentum\": 0.9}.");
        }

        if (config.EndLr <= config.StartLr)
        {
            throw new ArgumentException($"config: 'end_lr' ({config.EndLr}) must be greater than 'start_lr' ({config.StartLr}).");
        }

        if (config.Beta is < 0 or >= 1)
        {
            throw new ArgumentException($"config: 'beta' must be in [0, 1), got {config.Beta}.");
        }

        return config;
    }

    /// <summary>The config as JSON, every key with its effective value (the <c>config</c> of <c>results.json</c>).</summary>
    public JsonObject ToJson() => new()
    {
        ["dataset"] = Dataset,
        ["data_dir"] = DataDir,
        ["model"] = Model,
        ["optimizer"] = Optimizer.DeepClone(),
        ["scheduler"] = Scheduler?.DeepClone(),
        ["scheduler_interval"] = SchedulerInterval,
        ["epochs"] = Epochs,
        ["batch_size"] = BatchSize,
        ["train_limit"] = TrainLimit,
        ["test_limit"] = TestLimit,
        ["augment"] = Augment,
        ["seed"] = Seed,
        ["threads"] = Threads,
        ["normalize"] = Normalize,
        ["max_grad_norm"] = MaxGradNorm,
        ["monitor"] = Monitor,
        ["start_lr"] = StartLr,
        ["end_lr"] = EndLr,
        ["num_iter"] = NumIter,
        ["beta"] = Beta,
        ["stop_div"] = StopDiv,
    };

    private static JsonValue? Value(JsonObject json, string key) =>
        json[key] switch
        {
            null => null,
            JsonValue v => v,
            var other => throw new ArgumentException($"config: '{key}' must be a single value, got {other.ToJsonString()}."),
        };

    private static string? String(JsonObject json, string key) =>
        Value(json, key) is not { } v ? null
        : v.TryGetValue(out string? s) ? s
        : throw new ArgumentException($"config: '{key}' must be a string, got {v.ToJsonString()}.");

    private static string? OneOf(JsonObject json, string key, IReadOnlyList<string> allowed)
    {
        string? s = String(json, key);
        return s is null || allowed.Contains(s)
            ? s
            : throw new ArgumentException($"config: '{key}' must be one of {string.Join(", ", allowed.Select(a => $"\"{a}\""))}, got \"{s}\".");
    }

    private static JsonObject? Object(JsonObject json, string key) =>
        json[key] switch
        {
            null => null,
            JsonObject o => (JsonObject)o.DeepClone(),
            var other => throw new ArgumentException($"config: '{key}' must be an object such as {{\"type\": ...}}, got {other.ToJsonString()}."),
        };

    private static bool? Bool(JsonObject json, string key) =>
        Value(json, key) is not { } v ? null
        : v.TryGetValue(out bool b) ? b
        : throw new ArgumentException($"config: '{key}' must be true or false, got {v.ToJsonString()}.");

    private static double? Number(JsonObject json, string key, bool positive)
    {
        if (Value(json, key) is not { } v)
        {
            return null;
        }

        if (v.GetValueKind() != JsonValueKind.Number)
        {
            throw new ArgumentException($"config: '{key}' must be a number, got {v.ToJsonString()}.");
        }

        double x = v.GetValue<double>();
        return !double.IsFinite(x) || (positive && x <= 0)
            ? throw new ArgumentException($"config: '{key}' must be a {(positive ? "positive" : "finite")} number, got {x.ToString(CultureInfo.InvariantCulture)}.")
            : x;
    }

    private static long? Long(JsonObject json, string key, long min, long max)
    {
        if (Value(json, key) is not { } v)
        {
            return null;
        }

        if (v.GetValueKind() != JsonValueKind.Number || !v.TryGetValue(out long n))
        {
            if (v.GetValueKind() == JsonValueKind.Number && double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double whole) && whole == Math.Floor(whole) && whole >= min && whole <= max)
            {
                n = (long)whole;
            }
            else
            {
                throw new ArgumentException($"config: '{key}' must be an integer >= {min}, got {v.ToJsonString()}.");
            }
        }

        return n < min || n > max
            ? throw new ArgumentException($"config: '{key}' must be an integer in [{min}, {max}], got {n}.")
            : n;
    }

    private static int? Integer(JsonObject json, string key, int min, int max = int.MaxValue) => (int?)Long(json, key, min, max);
}
