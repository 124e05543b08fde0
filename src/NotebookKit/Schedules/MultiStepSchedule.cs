namespace NotebookKit.Schedules;

/// <summary>Decays by <see cref="Gamma"/> at each milestone (PyTorch <c>MultiStepLR</c>, closed form).</summary>
/// <remarks>
/// v(t) = initial · γ^(number of milestones ≤ t) (PyTorch <c>bisect_right</c> over the sorted milestones).
/// A milestone listed twice applies γ twice, as PyTorch's <c>Counter</c> does.
/// </remarks>
public sealed record MultiStepSchedule : ISchedule
{
    private readonly long[] sorted;

    /// <summary>Creates the schedule.</summary>
    /// <param name="initialValue">The value before the first milestone.</param>
    /// <param name="milestones">PyTorch <c>milestones</c>: steps at which to decay; non-negative, any order.</param>
    /// <param name="gamma">PyTorch <c>gamma</c>; non-negative.</param>
    public MultiStepSchedule(double initialValue, IEnumerable<long> milestones, double gamma = 0.1)
    {
        ArgumentNullException.ThrowIfNull(milestones);
        InitialValue = ScheduleChecks.NonNegative(initialValue, "initial_lr");
        sorted = ScheduleChecks.SortedMilestones(milestones);
        Gamma = ScheduleChecks.NonNegative(gamma, "gamma");
    }

    /// <summary>The value before the first milestone.</summary>
    public double InitialValue { get; }

    /// <summary>The milestones, sorted (PyTorch <c>milestones</c>).</summary>
    public IReadOnlyList<long> Milestones => sorted;

    /// <summary>Multiplicative factor per milestone (PyTorch <c>gamma</c>).</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    public double ValueAt(long step)
    {
        ScheduleChecks.Step(step);
        int passed = 0;
        while (passed < sorted.Length && sorted[passed] <= step)
        {
            passed++;
        }

        return InitialValue * Math.Pow(Gamma, passed);
    }

    /// <summary>Value equality, comparing the milestones element by element.</summary>
    public bool Equals(MultiStepSchedule? other) =>
        other is not null && InitialValue.Equals(other.InitialValue) && Gamma.Equals(other.Gamma) && sorted.AsSpan().SequenceEqual(other.sorted);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(InitialValue, Gamma, sorted.Length);
}
