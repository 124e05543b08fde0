namespace NotebookKit.Training;

/// <summary>One optimizer step of the history.</summary>
/// <param name="Step">The 0-based global optimizer step.</param>
/// <param name="Epoch">The 1-based epoch.</param>
/// <param name="LearningRate">The first group's learning rate used for this step.</param>
/// <param name="Momentum">The first group's momentum (or Adam beta1) used for this step; null when the optimizer has none.</param>
/// <param name="Loss">The batch's mean loss.</param>
/// <param name="Accuracy">The fraction of the batch classified correctly.</param>
public sealed record BatchRecord(long Step, int Epoch, double LearningRate, double? Momentum, double Loss, double Accuracy);
