using NotebookKit.Schedules.Torch;

namespace NotebookKit.Training;

/// <summary>How a <see cref="Trainer"/> runs: epochs, scheduler cadence, plateau metric, clipping, checkpoints.</summary>
/// <param name="Epochs">Epochs to train in total (Keras <c>epochs</c>); a resumed run continues up to this number.</param>
/// <param name="SchedulerInterval">
/// Overrides when an <see cref="ILRScheduler"/> is stepped; null uses its declared <see cref="ILRScheduler.Interval"/>
/// (per batch for CyclicLR/OneCycleLR, per epoch otherwise). <see cref="IMetricScheduler"/>s always step per epoch.
/// </param>
/// <param name="PlateauMetric">
/// The metric given to an <see cref="IMetricScheduler"/> (ReduceLROnPlateau) after each epoch, with Keras names:
/// <c>val_loss</c> (default), <c>val_accuracy</c>, <c>loss</c> or <c>accuracy</c> (training-set values).
/// </param>
/// <param name="LearningRateFunction">
/// A Keras <c>LearningRateScheduler</c> function <c>(epoch, lr) → new lr</c>, called at the start of every epoch with the
/// 0-based epoch and the first group's current learning rate; the result is written into every group (the trainer runs
/// it through <see cref="Schedules.LearningRateSchedulerCallback"/>).
/// </param>
/// <param name="MaxGradNorm">Clip gradients to this global L2 norm before each step (PyTorch <c>clip_grad_norm_(max_norm)</c>); null for no clipping.</param>
/// <param name="CheckpointPath">Write a checkpoint here after every epoch (atomically); null for none.</param>
public sealed record TrainerOptions(
    int Epochs = 10,
    SchedulerInterval? SchedulerInterval = null,
    string PlateauMetric = "val_loss",
    Func<int, double, double>? LearningRateFunction = null,
    double? MaxGradNorm = null,
    string? CheckpointPath = null)
{
    /// <summary>The metric names <see cref="PlateauMetric"/> accepts.</summary>
    public static IReadOnlyList<string> PlateauMetrics { get; } = ["val_loss", "val_accuracy", "loss", "accuracy"];

    /// <summary>Epochs to train in total.</summary>
    public int Epochs { get; } = Epochs > 0 ? Epochs : throw new ArgumentOutOfRangeException(nameof(Epochs), $"epochs must be a positive integer, got {Epochs}.");

    /// <summary>The metric given to ReduceLROnPlateau.</summary>
    public string PlateauMetric { get; } = PlateauMetrics.Contains(PlateauMetric)
        ? PlateauMetric
        : throw new ArgumentException($"monitor '{PlateauMetric}' is not one of {string.Join(", ", PlateauMetrics)}.", nameof(PlateauMetric));

    /// <summary>The clipping norm, if any.</summary>
    public double? MaxGradNorm { get; } = MaxGradNorm is null or (> 0 and < double.PositiveInfinity)
        ? MaxGradNorm
        : throw new ArgumentOutOfRangeException(nameof(MaxGradNorm), $"max_norm must be positive and finite, got {MaxGradNorm}.");
}
