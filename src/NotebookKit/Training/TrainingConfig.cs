using System.Globalization;
using System.Text.Json.Nodes;
using NotebookKit.Nn;
using NotebookKit.Optim;
using NotebookKit.Schedules.Torch;
using NotebookKit.Specs;

namespace NotebookKit.Training;

/// <summary>
/// An experiment as a JSON config (the file of <c>nbkit train</c> and <c>nbkit lr-find</c>; docs/training.md).
/// </summary>
/// <remarks>
/// <para>Keys: <c>dataset</c> (<c>fashion-mnist</c> | <c>cifar10</c>), <c>data_dir</c>, <c>model</c> (<c>mlp</c> | <c>lenet</c> |
/// <c>minivggnet</c>), <c>optimizer</c> and <c>scheduler</c> (PyTorch names, as in the trace specs), <c>scheduler_interval</c>
/// (<c>epoch</c> | <c>batch</c>; null uses the scheduler's own), <c>epochs</c>, <c>batch_size</c>, <c>train_limit</c>,
/// <c>test_limit</c>, <c>augment</c>, <c>seed</c>, <c>threads</c>.</para>
/// <para>Kit extensions: <c>normalize</c> (default true: per-channel statistics of the training images), <c>max_grad_norm</c>,
/// <c>monitor</c> (the ReduceLROnPlateau metric, Keras names, default <c>val_loss</c>); for the range test
/// <c>start_lr</c> (1e-7), <c>end_lr</c> (10), <c>num_iter</c> (100), <c>beta</c> (0.98), <c>stop_div</c> (true).
/// Every error is a <see cref="SpecException"/> naming the key path (<c>optimizer.lr</c>, <c>epochs</c>): an unknown key, a key
/// written twice, <c>null</c> for <c>optimizer</c>, a wrong type or value.</para>
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

    /// <summary>Range test: iterations (at most <see cref="MaxNumIter"/>).</summary>
    public int NumIter { get; init; } = 100;

    /// <summary>
    /// The most range-test iterations a config may ask for: 100,000, a thousand times fastai's default of 100. Each
    /// iteration trains one batch, so more would run for days on a CPU (MiniVGGNet takes about 70 ms a batch); the
    /// bound is checked when the config is read, before any data is loaded.
    /// </summary>
    public const int MaxNumIter = 100_000;

    /// <summary>Range test: loss smoothing factor.</summary>
    public double Beta { get; init; } = 0.98;

    /// <summary>Range test: stop when the smoothed loss exceeds 4x its minimum.</summary>
    public bool StopDiv { get; init; } = true;

    /// <summary>Reads and validates a config file.</summary>
    /// <exception cref="SpecException">The file is not JSON, or a key is unknown, written twice, or breaks a rule; the message names the key path.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static TrainingConfig Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        JsonNode? node = SpecJson.Load(path);
        return node is JsonObject obj
            ? Parse(obj)
            : throw new SpecException(path, "a config is a JSON object such as {\"dataset\": \"fashion-mnist\", \"model\": \"mlp\", ...}");
    }

    /// <summary>Validates a config object, including its optimizer and scheduler specs (so a typo fails before any data loads).</summary>
    /// <exception cref="SpecException">A key is unknown, written twice, or breaks a rule; the message names the key path.</exception>
    public static TrainingConfig Parse(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var r = new SpecReader(json, "");
        var d = new TrainingConfig();
        r.Accept([.. Keys]);
        r.RejectUnknown("a config key", Keys);
        var config = new TrainingConfig
        {
            Dataset = r.OneOf("dataset", Datasets, d.Dataset),
            DataDir = r.OptionalString("data_dir"),
            Model = r.OneOf("model", ModelNames, d.Model),
            Optimizer = (JsonObject)r.Object("optimizer", "{\"type\": \"SGD\", \"lr\": 0.1, \"momentum\": 0.9}").Json.DeepClone(),
            Scheduler = r.OptionalObject("scheduler", "{\"type\": \"StepLR\", \"step_size\": 3}")?.Json.DeepClone().AsObject(),
            SchedulerInterval = r.Raw("scheduler_interval") is null ? null : r.OneOf("scheduler_interval", ["epoch", "batch"]),
            Epochs = (int)(r.OptionalInteger("epochs", 1, int.MaxValue) ?? d.Epochs),
            BatchSize = (int)(r.OptionalInteger("batch_size", 1, int.MaxValue) ?? d.BatchSize),
            TrainLimit = (int?)r.OptionalInteger("train_limit", 1, int.MaxValue),
            TestLimit = (int?)r.OptionalInteger("test_limit", 1, int.MaxValue),
            Augment = r.Bool("augment", d.Augment),
            Seed = (ulong)(r.OptionalInteger("seed", 0, long.MaxValue) ?? 0),
            Threads = r.Contains("threads") ? (int?)r.OptionalInteger("threads", 1, 1024) : d.Threads,
            Normalize = r.Bool("normalize", d.Normalize),
            MaxGradNorm = Positive(r, "max_grad_norm"),
            Monitor = r.OneOf("monitor", TrainerOptions.PlateauMetrics, d.Monitor),
            StartLr = Positive(r, "start_lr") ?? d.StartLr,
            EndLr = Positive(r, "end_lr") ?? d.EndLr,
            NumIter = NumIterOf(r, d.NumIter),
            Beta = r.Number("beta", d.Beta),
            StopDiv = r.Bool("stop_div", d.StopDiv),
        };
        if (config.EndLr <= config.StartLr)
        {
            throw r.Error("end_lr", $"must be greater than start_lr ({Show(config.StartLr)}), got {Show(config.EndLr)}");
        }

        if (config.Beta is < 0 or >= 1 || !double.IsFinite(config.Beta))
        {
            throw r.Error("beta", $"must be in [0, 1), got {Show(config.Beta)}");
        }

        CheckSpecs(r);
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

    /// <summary>
    /// Builds the optimizer and scheduler once on stand-in parameters (a weight and a bias, so <c>no_decay_1d</c> makes
    /// two groups, as on every model) to report a bad spec now rather than after the dataset has loaded.
    /// </summary>
    private static void CheckSpecs(SpecReader config)
    {
        var optimizer = OptimizerSpec.Create(config.Object("optimizer", "{\"type\": \"SGD\", \"lr\": 0.1}"), [new Parameter("check.weight", 2, 2), new Parameter("check.bias", 2)]);
        if (config.OptionalObject("scheduler", "{\"type\": \"StepLR\", \"step_size\": 3}") is { } scheduler)
        {
            SchedulerSpec.Create(new SpecReader(scheduler.Json, scheduler.Path, integerLiterals: true), optimizer);
        }
    }

    private static double? Positive(SpecReader r, string key) =>
        r.OptionalNumber(key) is not { } x ? null
        : double.IsFinite(x) && x > 0 ? x
        : throw r.Error(key, $"must be a positive number, got {Show(x)}");

    private static int NumIterOf(SpecReader r, int fallback)
    {
        long? value = r.OptionalInteger("num_iter", 2, long.MaxValue);
        return value switch
        {
            null => fallback,
            > MaxNumIter => throw r.Error("num_iter", $"must be at most {MaxNumIter} (each iteration trains one batch; fastai's default is 100), got {value}"),
            var n => (int)n,
        };
    }

    private static string Show(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
