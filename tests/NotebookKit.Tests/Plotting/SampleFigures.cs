using NotebookKit.Nn;
using NotebookKit.Plotting;
using NotebookKit.Schedules;
using NotebookKit.Training.RangeTest;

namespace NotebookKit.Tests.Plotting;

/// <summary>One deterministic figure per chart helper: the snapshot, deny-list and browser tests share them.</summary>
public static class SampleFigures
{
    /// <summary>PyTorch StepLR's closed form, lr·γ^⌊t/step⌋ (test-local: the schedules module owns the real ones).</summary>
    public sealed record StepDecay(double Lr, long StepSize, double Gamma) : ISchedule
    {
        public double ValueAt(long step) => Lr * Math.Pow(Gamma, step / StepSize);
    }

    /// <summary>Linear ramp from <paramref name="From"/> to <paramref name="To"/> over <paramref name="Steps"/> steps.</summary>
    public sealed record Ramp(double From, double To, long Steps) : ISchedule
    {
        public double ValueAt(long step) => From + ((To - From) * Math.Min(step, Steps) / Steps);
    }

    public static IReadOnlyList<(string Name, Figure Figure)> All() =>
    [
        ("schedule", Charts.Schedule(new StepDecay(0.1, 10, 0.5), 30, "StepLR(step_size=10, gamma=0.5)", marks: [new VerticalMark("milestone", 10)])),
        ("schedules-momentum", Charts.Schedules(
            [
                new ScheduleSeries("one-cycle", new Ramp(0.01, 0.1, 12), new Ramp(0.95, 0.85, 12)),
                new ScheduleSeries("step", new StepDecay(0.05, 8, 0.1)),
            ],
            24,
            stepsPerEpoch: 4)),
        ("lines", Charts.Lines([1, 2, 3, 4], [new Series("a", [1, 0.5, 0.25, double.NaN]), new Series("b", [2, 1, 0.5, 0.25])], "Series vs x", "x", "value", logY: true)),
        ("training-history", Charts.TrainingHistory(
            trainLoss: [1.2, 0.8, 0.6],
            validationLoss: [1.1, 0.9, 0.75],
            trainAccuracy: [0.6, 0.75, 0.82],
            validationAccuracy: [0.62, 0.7, 0.74],
            learningRate: [0.1, 0.1, 0.01])),
        ("lr-wd-heatmap", Charts.LearningRateWeightDecayHeatmap(
            [1e-3, 1e-2, 1e-1],
            [0, 1e-4],
            [[0.71, 0.78, 0.52], [0.72, 0.81, double.NaN]],
            "validation accuracy")),
        ("range-test", RangeTestChart.Create(
            [1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1],
            [2.30, 2.29, 2.10, 1.40, 1.10, 9.0],
            [new VerticalMark("steepest", 3e-3), new VerticalMark("min/10", 1e-2)],
            rawLosses: [2.31, 2.27, 2.15, 1.35, 1.2, double.PositiveInfinity])),
        ("weight-norms", Charts.WeightNorms([0, 1, 2], [new Series("SGD + L2", [10, 8, 7]), new Series("AdamW", [10, 9, 8.5])])),
        ("weight-histograms", Charts.WeightHistograms(
            [new Parameter("fc1.weight", [-0.5f, -0.25f, 0f, 0.25f, 0.5f, 0.1f], 2, 3), new Parameter("fc2.weight", [0.2f, -0.1f, 0.05f], 3)],
            bins: 10)),
        ("confusion-matrix", Charts.ConfusionMatrix(new[,] { { 50, 2, 0 }, { 3, 40, 7 }, { 0, 5, 45 } }, ["cat", "dog", "bird"])),
        ("confusion-matrix-normalized", Charts.ConfusionMatrix([[8, 2], [0, 0]], ["yes", "no"], normalize: true)),
        ("bar", Charts.Bar(["SGD", "SGD+L2", "AdamW"], [0.71, 0.74, 0.78], "Final accuracy", "accuracy", "P1")),
        ("bars-grouped", Charts.Bars(["MLP", "LeNet"], [new Series("SGD", [0.8, 0.85]), new Series("Adam", [0.82, 0.88])], "Accuracy by model")),
    ];
}
