using System.Text.Json.Nodes;
using NotebookKit.Optim;
using NotebookKit.Schedules.Torch;

namespace NotebookKit.Tests.Training.Doubles;

/// <summary>PyTorch StepLR's closed form (lr = base·gamma^⌊epoch/step_size⌋) with a chosen interval, for trainer tests.</summary>
public sealed class StepLrDouble : ILRScheduler
{
    private readonly IOptimizer optimizer;
    private readonly double baseLr;

    public StepLrDouble(IOptimizer optimizer, int stepSize, double gamma, SchedulerInterval interval = SchedulerInterval.Epoch)
    {
        this.optimizer = optimizer;
        baseLr = optimizer.Groups[0].LearningRate;
        StepSize = stepSize;
        Gamma = gamma;
        Interval = interval;
        Apply();
    }

    public int StepSize { get; }

    public double Gamma { get; }

    public long LastEpoch { get; private set; }

    public SchedulerInterval Interval { get; }

    public IReadOnlyList<double> LastLearningRates => [optimizer.Groups[0].LearningRate];

    public double LearningRateAt(long epoch) => baseLr * Math.Pow(Gamma, epoch / StepSize);

    public void Step()
    {
        LastEpoch++;
        Apply();
    }

    public JsonObject SaveState() => new() { ["last_epoch"] = LastEpoch };

    public void LoadState(JsonObject state)
    {
        LastEpoch = state["last_epoch"]!.GetValue<long>();
        Apply();
    }

    private void Apply() => optimizer.Groups[0].LearningRate = LearningRateAt(LastEpoch);
}
