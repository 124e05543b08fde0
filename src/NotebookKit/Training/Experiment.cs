using System.Diagnostics;
using NotebookKit.Data;
using NotebookKit.Nn;
using NotebookKit.Optim;
using NotebookKit.Schedules.Torch;
using NotebookKit.Specs;
using NotebookKit.Training.RangeTest;

namespace NotebookKit.Training;

/// <summary>
/// A <see cref="TrainingConfig"/> made real: the dataset loaded and limited, the model, optimizer, scheduler, loaders
/// and trainer built, all from the config's seed. <see cref="Run"/> trains; <see cref="FindLearningRate"/> runs the range test.
/// </summary>
public sealed class Experiment
{
    private Experiment(TrainingConfig config, TrainTestSplit data, IModel model, IOptimizer optimizer, IScheduler? scheduler, DataLoader train, DataLoader test, double loadSeconds)
    {
        Config = config;
        Data = data;
        Model = model;
        Optimizer = optimizer;
        Scheduler = scheduler;
        Train = train;
        Test = test;
        LoadSeconds = loadSeconds;
        Trainer = new Trainer(model, optimizer, SoftmaxCrossEntropyLoss.Instance, train, test, scheduler, new TrainerOptions(
            config.Epochs,
            config.SchedulerInterval switch
            {
                "batch" => SchedulerInterval.Batch,
                "epoch" => SchedulerInterval.Epoch,
                _ => null,
            },
            config.Monitor,
            MaxGradNorm: config.MaxGradNorm));
    }

    /// <summary>The config.</summary>
    public TrainingConfig Config { get; }

    /// <summary>The training and test images after <c>train_limit</c>/<c>test_limit</c>.</summary>
    public TrainTestSplit Data { get; }

    /// <summary>The model.</summary>
    public IModel Model { get; }

    /// <summary>The optimizer.</summary>
    public IOptimizer Optimizer { get; }

    /// <summary>The scheduler, if the config has one.</summary>
    public IScheduler? Scheduler { get; }

    /// <summary>The shuffled (and, with <c>augment</c>, augmented) training batches.</summary>
    public DataLoader Train { get; }

    /// <summary>The test batches.</summary>
    public DataLoader Test { get; }

    /// <summary>The trainer.</summary>
    public Trainer Trainer { get; }

    /// <summary>Seconds spent loading and preparing the data.</summary>
    public double LoadSeconds { get; }

    /// <summary>Loads the data and builds everything the config describes.</summary>
    /// <param name="config">The experiment.</param>
    /// <param name="download">Receives download progress when the dataset has to be fetched.</param>
    /// <exception cref="ArgumentException">The optimizer or scheduler spec is invalid (the message names the key).</exception>
    /// <exception cref="IOException">The dataset is missing or damaged (the message says where to get it).</exception>
    public static Experiment Prepare(TrainingConfig config, IProgress<DownloadProgress>? download = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var clock = Stopwatch.StartNew();
        var split = LoadData(config, download);
        clock.Stop();
        return Prepare(config, split, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Loads the dataset the config names (<c>dataset</c>, <c>data_dir</c>), whole: limits apply in <see cref="Prepare(TrainingConfig, TrainTestSplit, double)"/>.</summary>
    /// <param name="config">The experiment.</param>
    /// <param name="download">Receives download progress when the dataset has to be fetched.</param>
    /// <exception cref="IOException">The dataset is missing or damaged (the message says where to get it).</exception>
    public static TrainTestSplit LoadData(TrainingConfig config, IProgress<DownloadProgress>? download = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Dataset == "cifar10"
            ? Cifar10.Load(config.DataDir, download: true, download)
            : FashionMnist.Load(config.DataDir, download: true, download);
    }

    /// <summary>
    /// Builds everything the config describes on data already loaded by <see cref="LoadData"/> (so several experiments on
    /// one dataset, such as a sweep's points, load it once). The result is the same as <see cref="Prepare(TrainingConfig, IProgress{DownloadProgress}?)"/>'s.
    /// </summary>
    /// <param name="config">The experiment.</param>
    /// <param name="split">The whole dataset the config names; <c>train_limit</c> and <c>test_limit</c> are applied here.</param>
    /// <param name="loadSeconds">Seconds already spent loading it (reported in <c>timings.load_seconds</c>).</param>
    /// <exception cref="ArgumentException">The optimizer or scheduler spec is invalid for this model (the message names the key).</exception>
    public static Experiment Prepare(TrainingConfig config, TrainTestSplit split, double loadSeconds = 0)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(split);
        if (config.Threads is { } threads)
        {
            NnThreads.Count = threads;
        }

        var clock = Stopwatch.StartNew();
        var train = config.TrainLimit is { } tl ? split.Train.Take(tl) : split.Train;
        var test = config.TestLimit is { } sl ? split.Test.Take(sl) : split.Test;
        var normalization = config.Normalize ? Normalization.FromDataset(train) : null;
        clock.Stop();

        var model = Nn.Models.Models.Create(config.Model, train.Channels, train.Height, train.Width, train.ClassNames.Count, config.Seed);
        // Spec errors name the config's key path (optimizer.lr, scheduler.step_size); TrainingConfig.Parse has already
        // checked both specs on stand-in parameters, so these fail only for this model's group count.
        IOptimizer optimizer = OptimizerSpec.Create(new SpecReader(config.Optimizer, "optimizer"), model.Parameters);
        IScheduler? scheduler = config.Scheduler is { } spec
            ? SchedulerSpec.Create(new SpecReader(spec, "scheduler", integerLiterals: true), optimizer)
            : null;

        var trainLoader = new DataLoader(train, config.BatchSize, new DataLoaderOptions(
            Shuffle: true,
            Seed: config.Seed,
            Normalization: normalization,
            Augmentation: config.Augment ? Augmentation.Cifar : null));
        var testLoader = new DataLoader(test, config.BatchSize, new DataLoaderOptions(Normalization: normalization));
        return new Experiment(config, new TrainTestSplit(train, test), model, optimizer, scheduler, trainLoader, testLoader, loadSeconds + clock.Elapsed.TotalSeconds);
    }

    /// <summary>Trains for the configured epochs and evaluates on the test set.</summary>
    public ExperimentResult Run(IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        Trainer.Fit(progress, cancellationToken);
        clock.Stop();
        var evaluation = Trainer.LastValidation ?? Trainer.Evaluate(Test);
        return new ExperimentResult(Config, Trainer.History, evaluation, Model.Parameters.Sum(p => (long)p.Length), LoadSeconds, clock.Elapsed.TotalSeconds, NnThreads.Count);
    }

    /// <summary>Runs the learning-rate range test with the config's <c>start_lr</c>, <c>end_lr</c>, <c>num_iter</c>, <c>beta</c>, <c>stop_div</c>.</summary>
    public RangeTestResult FindLearningRate(IProgress<(int Iteration, int NumIter)>? progress = null, CancellationToken cancellationToken = default) =>
        LearningRateFinder.Run(
            Model,
            Optimizer,
            SoftmaxCrossEntropyLoss.Instance,
            Train,
            new RangeTestOptions(new ExponentialSweep(Config.StartLr, Config.EndLr, Config.NumIter), Config.Beta, Config.StopDiv),
            progress,
            cancellationToken);
}
