using System.Text.Json.Nodes;

namespace NotebookKit.Schedules.Torch;

/// <summary>PyTorch <c>SequentialLR</c>: runs child schedulers one after another, switching at milestones.</summary>
/// <remarks>
/// <para>PyTorch 1.13 semantics, reproduced: construction resets every group to its initial rate, undoes each
/// child's initial step and re-runs only the first child's. At a milestone the next child restarts at its epoch 0
/// through its closed form (<c>step(0)</c>): it starts again from its base rate, not from where the previous child
/// left the rate. A milestone of 0 is never reached (pytorch#185872), as in PyTorch.</para>
/// <para>For the pure equivalent see <see cref="JoinedSchedule"/>.</para>
/// </remarks>
public sealed class SequentialLR : LRScheduler
{
    private readonly LRScheduler[] schedulers;
    private readonly long[] milestones;

    /// <summary>Creates the scheduler.</summary>
    /// <param name="optimizer">The optimizer all children belong to.</param>
    /// <param name="schedulers">PyTorch <c>schedulers</c>: built on <paramref name="optimizer"/>, in order.</param>
    /// <param name="milestones">PyTorch <c>milestones</c>: one fewer than schedulers.</param>
    public SequentialLR(IScheduledOptimizer optimizer, IReadOnlyList<LRScheduler> schedulers, IReadOnlyList<long> milestones)
        : base(optimizer)
    {
        ArgumentNullException.ThrowIfNull(schedulers);
        ArgumentNullException.ThrowIfNull(milestones);
        if (schedulers.Count == 0)
        {
            throw new ArgumentException("SequentialLR expects at least one scheduler.", nameof(schedulers));
        }

        for (int i = 0; i < schedulers.Count; i++)
        {
            if (!ReferenceEquals(schedulers[i]?.Optimizer, optimizer))
            {
                throw new ArgumentException($"Sequential Schedulers expects all schedulers to belong to the same optimizer, but got schedulers at index {i} to be different than the optimizer passed in.", nameof(schedulers));
            }
        }

        if (milestones.Count != schedulers.Count - 1)
        {
            throw new ArgumentException($"Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone points, but got number of schedulers {schedulers.Count} and the number of milestones to be equal to {milestones.Count}", nameof(milestones));
        }

        this.schedulers = [.. schedulers];
        this.milestones = [.. milestones];
        LastEpoch = 0;
        // The base constructor recorded every group's initial_lr (or found the one its first child recorded).
        foreach (var group in optimizer.Groups)
        {
            group.LearningRate = group.InitialLearningRate ?? group.LearningRate;
        }

        foreach (var s in this.schedulers)
        {
            s.UndoInitialStep();
        }

        this.schedulers[0].InitialStep();
        StepCount = 1;
        RefreshLastLearningRates();
    }

    /// <summary>The children, in order.</summary>
    public IReadOnlyList<LRScheduler> Schedulers => schedulers;

    /// <summary>PyTorch <c>milestones</c>.</summary>
    public IReadOnlyList<long> Milestones => milestones;

    /// <inheritdoc/>
    public override SchedulerInterval Interval => schedulers[0].Interval;

    /// <inheritdoc/>
    public override void Step()
    {
        LastEpoch++;
        StepCount++;
        int idx = milestones.Count(m => m <= LastEpoch);
        var scheduler = schedulers[idx];
        if (idx > 0 && milestones[idx - 1] == LastEpoch)
        {
            scheduler.StepAt(0);
        }
        else
        {
            scheduler.Step();
        }

        RefreshLastLearningRates();
    }

    internal override void StepAt(long epoch) =>
        throw new InvalidOperationException("SequentialLR cannot be restarted at an epoch (PyTorch 1.13 raises NotImplementedError when a SequentialLR is a later child of another SequentialLR).");

    /// <inheritdoc/>
    protected override double[] GetLearningRates() => GroupRates();

    private protected override void SaveExtra(JsonObject state) => SaveChildren(state, schedulers);

    private protected override void LoadExtra(JsonObject state) => LoadChildren(state, schedulers);
}
