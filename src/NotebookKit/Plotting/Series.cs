namespace NotebookKit.Plotting;

/// <summary>A named list of numbers: one line, one bar group, or one histogram's samples.</summary>
/// <param name="Name">Legend label.</param>
/// <param name="Values">The values; NaN draws as a gap.</param>
public sealed record Series(string Name, IReadOnlyList<double> Values);

/// <summary>A schedule to plot: the learning rate, and optionally the momentum (or Adam's beta1) it cycles with.</summary>
/// <param name="Name">Legend label.</param>
/// <param name="LearningRate">The learning-rate schedule.</param>
/// <param name="Momentum">The momentum schedule, drawn dashed on a second y axis; null for none.</param>
public sealed record ScheduleSeries(string Name, Schedules.ISchedule LearningRate, Schedules.ISchedule? Momentum = null);

/// <summary>A labelled vertical line: a milestone, a suggested learning rate.</summary>
/// <param name="Label">Text drawn at the top of the line.</param>
/// <param name="X">Position in data units of the x axis.</param>
public sealed record VerticalMark(string Label, double X);
