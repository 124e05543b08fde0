namespace NotebookKit.Training;

/// <summary>One epoch of the history.</summary>
/// <param name="Epoch">The 1-based epoch.</param>
/// <param name="LearningRate">The first group's learning rate for the epoch's first batch.</param>
/// <param name="Momentum">The first group's momentum (or Adam beta1) for the epoch's first batch; null when the optimizer has none.</param>
/// <param name="TrainLoss">The mean of the batch losses, weighted by batch size (Keras <c>loss</c>).</param>
/// <param name="TrainAccuracy">The fraction of training images classified correctly during the epoch (in training mode).</param>
/// <param name="TestLoss">The validation loss after the epoch (Keras <c>val_loss</c>); null without a validation set.</param>
/// <param name="TestAccuracy">The validation accuracy after the epoch; null without a validation set.</param>
/// <param name="Seconds">Wall-clock seconds for the epoch, validation included.</param>
/// <param name="WeightNorms">The L2 norm of each parameter at the end of the epoch, by name.</param>
/// <param name="WeightNorm">The L2 norm of all parameters together.</param>
public sealed record EpochRecord(
    int Epoch,
    double LearningRate,
    double? Momentum,
    double TrainLoss,
    double TrainAccuracy,
    double? TestLoss,
    double? TestAccuracy,
    double Seconds,
    IReadOnlyDictionary<string, double> WeightNorms,
    double WeightNorm);
