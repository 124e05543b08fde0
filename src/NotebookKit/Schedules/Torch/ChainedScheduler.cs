using System.Text.Json.Nodes;

namespace NotebookKit.Schedules.Torch;

/// <summary>PyTorch <c>ChainedScheduler</c>: steps every child in turn, so chainable children multiply.</summary>
/// <remarks>
/// No initial step of its own (PyTorch). Only chainable (recursive) children compose meaningfully; LambdaLR,
/// CyclicLR, OneCycleLR and CosineAnnealingWarmRestarts overwrite what came before them. Example:
/// ConstantLR(0.1, 2) then ExponentialLR(0.9) gives 0.1, 0.09000000000000001, 0.8100000000000002, … (the 1.13
/// docstring's numbers are wrong). For the pure equivalent see <see cref="ProductSchedule"/>.
/// </remarks>
public sealed class ChainedScheduler : LRScheduler
{
    private readonly LRScheduler[] schedulers;

    /// <summary>Creates the scheduler.</summary>
    /// <param name="schedulers">PyTorch <c>schedulers</c>: at least one, all on the same optimizer.</param>
    public ChainedScheduler(IReadOnlyList<LRScheduler> schedulers)
        : base(First(schedulers).Optimizer)
    {
        for (int i = 1; i < schedulers.Count; i++)
        {
            if (!ReferenceEquals(schedulers[i]?.Optimizer, Optimizer))
            {
                throw new ArgumentException($"ChainedScheduler expects all schedulers to belong to the same optimizer, but got schedulers at index 0 and {i} to be different", nameof(schedulers));
            }
        }

        this.schedulers = [.. schedulers];
        LastEpoch = 0;
        StepCount = 1;
        RefreshLastLearningRates();
    }

    /// <summary>The children, in order.</summary>
    public IReadOnlyList<LRScheduler> Schedulers => schedulers;

    /// <inheritdoc/>
    public override SchedulerInterval Interval => schedulers[0].Interval;

    /// <inheritdoc/>
    public override void Step()
    {
        LastEpoch++;
        StepCount++;
        foreach (var s in schedulers)
        {
            s.Step();
        }

        RefreshLastLearningRates();
    }

    internal override void StepAt(long epoch) =>
        throw new InvalidOperationException("ChainedScheduler cannot be restarted at an epoch (PyTorch 1.13 raises NotImplementedError when it is a later child of a SequentialLR).");

    internal override void UndoInitialStep()
    {
        // PyTorch's ChainedScheduler has no last_epoch to undo; its children keep theirs.
    }

    /// <inheritdoc/>
    protected override double[] GetLearningRates() => GroupRates();

    private protected override void SaveExtra(JsonObject state) => SaveChildren(state, schedulers);

    private protected override void LoadExtra(JsonObject state) => LoadChildren(state, schedulers);

    private static LRScheduler First(IReadOnlyList<LRScheduler> schedulers)
    {
        ArgumentNullException.ThrowIfNull(schedulers);
        if (schedulers.Count == 0)
        {
            throw new ArgumentException("ChainedScheduler expects at least one scheduler.", nameof(schedulers));
        }

        return schedulers[0] ?? throw new ArgumentException("schedulers must not contain null.", nameof(schedulers));
    }
}
