namespace NotebookKit.Training;

/// <summary>One row of a <see cref="ClassificationReport"/>.</summary>
/// <param name="Name">The class name, or <c>macro avg</c> / <c>weighted avg</c>.</param>
/// <param name="Precision">TP / (TP + FP), 0 when nothing was predicted as the class.</param>
/// <param name="Recall">TP / (TP + FN), 0 when the class has no samples.</param>
/// <param name="F1">2·P·R / (P + R), 0 when both are 0 (scikit-learn <c>f1-score</c>).</param>
/// <param name="Support">Samples whose true class is this one (the total for the averages).</param>
public sealed record ClassMetrics(string Name, double Precision, double Recall, double F1, long Support);
