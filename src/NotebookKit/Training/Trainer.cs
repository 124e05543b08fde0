using System.Diagnostics;
using NotebookKit.Cancellation;
using NotebookKit.Data;
using NotebookKit.Nn;
using NotebookKit.Optim;
using NotebookKit.Schedules;
using NotebookKit.Schedules.Torch;
using NotebookKit.Tensors;

namespace NotebookKit.Training;

/// <summary>
/// The epoch/batch training loop: forward, loss, backward, optional clipping, <c>optimizer.Step()</c>, then the
/// scheduler, exactly in PyTorch's order; records a <see cref="TrainingHistory"/> and can checkpoint and resume.
/// </summary>
/// <remarks>
/// <para>Per batch: <c>ZeroGrad → Forward → loss → Backward → clip_grad_norm_ → optimizer.Step() → scheduler.Step()</c>
/// (the last only for per-batch schedulers). Per epoch: the Keras learning-rate function runs first (Keras
/// <c>on_epoch_begin</c>); after the batches come validation, then <c>scheduler.Step()</c> for per-epoch schedulers
/// or <c>scheduler.Step(metric)</c> for ReduceLROnPlateau, then the checkpoint.</para>
/// <para>Given the same seeds and thread count, a run is bit-for-bit reproducible, and a run resumed from a checkpoint
/// gives the same numbers as one that was never interrupted.</para>
/// </remarks>
public sealed class Trainer
{
    private readonly Stopwatch clock = new();
    private readonly LearningRateSchedulerCallback? kerasCallback;
    private Tensor? gradientBuffer;

    /// <summary>Creates a trainer.</summary>
    /// <param name="model">The model to train.</param>
    /// <param name="optimizer">An optimizer over the model's parameters.</param>
    /// <param name="loss">The loss (softmax cross-entropy for classification).</param>
    /// <param name="train">The training batches (usually shuffled, possibly augmented).</param>
    /// <param name="validation">Evaluated after every epoch (Keras <c>validation_data</c>); null for none.</param>
    /// <param name="scheduler">An <see cref="ILRScheduler"/> or <see cref="IMetricScheduler"/> attached to <paramref name="optimizer"/>; null for none.</param>
    /// <param name="options">Epochs, scheduler cadence, clipping, checkpoints.</param>
    public Trainer(IModel model, IOptimizer optimizer, ILossFunction loss, DataLoader train, DataLoader? validation = null, IScheduler? scheduler = null, TrainerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(train);
        if (scheduler is not null and not ILRScheduler and not IMetricScheduler)
        {
            throw new ArgumentException($"The scheduler {scheduler.GetType().Name} is neither an ILRScheduler nor an IMetricScheduler, so the trainer cannot step it.", nameof(scheduler));
        }

        if (optimizer.Groups.Count == 0)
        {
            throw new ArgumentException("The optimizer has no parameter groups.", nameof(optimizer));
        }

        options ??= new TrainerOptions();
        if (scheduler is IMetricScheduler && validation is null && options.PlateauMetric.StartsWith("val_", StringComparison.Ordinal))
        {
            throw new ArgumentException($"ReduceLROnPlateau monitors '{options.PlateauMetric}' but no validation data was given; pass validation data or monitor 'loss'.", nameof(validation));
        }

        Model = model;
        Optimizer = optimizer;
        Loss = loss;
        Train = train;
        Validation = validation;
        Scheduler = scheduler;
        Options = options;
        kerasCallback = options.LearningRateFunction is { } function ? new LearningRateSchedulerCallback(function) : null;
    }

    /// <summary>The model being trained.</summary>
    public IModel Model { get; }

    /// <summary>The optimizer.</summary>
    public IOptimizer Optimizer { get; }

    /// <summary>The loss.</summary>
    public ILossFunction Loss { get; }

    /// <summary>The training batches.</summary>
    public DataLoader Train { get; }

    /// <summary>The validation batches, if any.</summary>
    public DataLoader? Validation { get; }

    /// <summary>The scheduler, if any.</summary>
    public IScheduler? Scheduler { get; }

    /// <summary>The options.</summary>
    public TrainerOptions Options { get; }

    /// <summary>The history so far (restored from a checkpoint by <see cref="LoadCheckpoint"/>).</summary>
    public TrainingHistory History { get; private set; } = new();

    /// <summary>The validation result of the last finished epoch (null before the first, or without validation data).</summary>
    public EvaluationResult? LastValidation { get; private set; }

    /// <summary>Epochs finished so far.</summary>
    public int CompletedEpochs { get; private set; }

    /// <summary>Optimizer steps taken so far.</summary>
    public long Steps { get; private set; }

    /// <summary>Whether an <see cref="ILRScheduler"/> is stepped after every batch (its declared interval, unless overridden).</summary>
    public bool StepsSchedulerPerBatch =>
        Scheduler is ILRScheduler s && (Options.SchedulerInterval ?? s.Interval) == SchedulerInterval.Batch;

    /// <summary>Trains from the current epoch up to <see cref="TrainerOptions.Epochs"/>.</summary>
    /// <param name="progress">Receives a report after every batch and at the end of every epoch.</param>
    /// <param name="cancellationToken">
    /// Checked before every epoch and between batches. A run cancelled between epochs can be checkpointed and resumed
    /// exactly; one cancelled mid-epoch keeps the finished epochs' history but its model has seen part of an epoch.
    /// </param>
    /// <returns>The history.</returns>
    /// <exception cref="NonFiniteLossException">A batch's loss was NaN or infinite.</exception>
    public TrainingHistory Fit(IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        while (CompletedEpochs < Options.Epochs)
        {
            // Checked here too, so a cancellation requested at the end of an epoch stops before the next one draws anything.
            AmbientCancellation.ThrowIfCancellationRequested(cancellationToken);
            RunEpoch(CompletedEpochs + 1, progress, cancellationToken);
        }

        return History;
    }

    /// <summary>Evaluates the model on <paramref name="data"/> (evaluation mode; training mode is restored).</summary>
    public EvaluationResult Evaluate(DataLoader data) => Evaluator.Evaluate(Model, Loss, data);

    /// <summary>Writes everything needed to resume exactly to <paramref name="path"/> (temp file, then rename).</summary>
    public void SaveCheckpoint(string path) => TrainingCheckpoint.Capture(this).Write(path);

    /// <summary>Restores a checkpoint written by <see cref="SaveCheckpoint"/> into this trainer's model, optimizer, scheduler and loaders.</summary>
    public void LoadCheckpoint(string path)
    {
        var checkpoint = TrainingCheckpoint.Read(path);
        checkpoint.Restore(this);
    }

    internal void Restore(int completedEpochs, long steps, TrainingHistory history)
    {
        CompletedEpochs = completedEpochs;
        Steps = steps;
        History = history;
    }

    private void RunEpoch(int epoch, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        clock.Restart();
        var group = Optimizer.Groups[0];
        kerasCallback?.OnEpochBegin(epoch - 1, Optimizer);

        double epochLr = group.LearningRate;
        double? epochMomentum = MomentumOf(group);
        double lossSum = 0;
        long correct = 0, seen = 0;
        int batches = Train.BatchesPerEpoch;
        int batchIndex = 0;
        Model.Training = true;
        foreach (var batch in Train.Epoch())
        {
            AmbientCancellation.ThrowIfCancellationRequested(cancellationToken);
            batchIndex++;
            double lr = group.LearningRate;
            double? momentum = MomentumOf(group);
            Optimizer.ZeroGrad();
            var logits = Model.Forward(batch.Images);
            int classes = Evaluator.CheckLogits(logits, batch.Count);
            var gradient = GradientFor(logits);
            double loss = Loss.Compute(logits, batch.LabelSpan, gradient);
            if (!double.IsFinite(loss))
            {
                throw new NonFiniteLossException(epoch, batchIndex, lr, loss);
            }

            int batchCorrect = 0;
            for (int i = 0; i < batch.Count; i++)
            {
                if (Evaluator.ArgMax(logits.Data.AsSpan(i * classes, classes)) == batch.Labels[i])
                {
                    batchCorrect++;
                }
            }

            Model.Backward(gradient);
            if (Options.MaxGradNorm is { } maxNorm)
            {
                GradientClipping.ClipByGlobalNorm(Model.Parameters, maxNorm);
            }

            Optimizer.Step();
            if (StepsSchedulerPerBatch)
            {
                ((ILRScheduler)Scheduler!).Step();
            }

            History.Add(new BatchRecord(Steps, epoch, lr, momentum, loss, (double)batchCorrect / batch.Count));
            Steps++;
            lossSum += loss * batch.Count;
            correct += batchCorrect;
            seen += batch.Count;
            progress?.Report(new TrainingProgress(epoch, Options.Epochs, batchIndex, batches, loss, lr));
        }

        double trainLoss = lossSum / seen;
        double trainAccuracy = (double)correct / seen;
        EvaluationResult? validation = Validation is null ? null : Evaluate(Validation);
        LastValidation = validation;
        if (Scheduler is ILRScheduler epochScheduler && !StepsSchedulerPerBatch)
        {
            epochScheduler.Step();
        }
        else if (Scheduler is IMetricScheduler plateau)
        {
            plateau.Step(Options.PlateauMetric switch
            {
                "val_loss" => validation!.Loss,
                "val_accuracy" => validation!.Accuracy,
                "loss" => trainLoss,
                _ => trainAccuracy,
            });
        }

        var norms = Model.Parameters.ToDictionary(p => p.Name, p => GradientClipping.Norm(p.Value), StringComparer.Ordinal);
        double total = Math.Sqrt(norms.Values.Sum(n => n * n));
        clock.Stop();
        var record = new EpochRecord(epoch, epochLr, epochMomentum, trainLoss, trainAccuracy, validation?.Loss, validation?.Accuracy, clock.Elapsed.TotalSeconds, norms, total);
        History.Add(record);
        CompletedEpochs = epoch;
        if (Options.CheckpointPath is { } path)
        {
            SaveCheckpoint(path);
        }

        progress?.Report(new TrainingProgress(epoch, Options.Epochs, batches, batches, trainLoss, epochLr, record));
    }

    private Tensor GradientFor(Tensor logits)
    {
        int rows = logits.Shape[0], classes = logits.Shape[1];
        if (gradientBuffer is null || gradientBuffer.Data.Length < rows * classes)
        {
            gradientBuffer = new Tensor(rows, classes);
        }

        return gradientBuffer.Shape[0] == rows && gradientBuffer.Shape[1] == classes
            ? gradientBuffer
            : new Tensor(gradientBuffer.Data, rows, classes);
    }

    private static double? MomentumOf(IParameterGroup group) => group.MomentumKind == MomentumKind.None ? null : group.Momentum;
}
