namespace NotebookKit.Schedules;

/// <summary>Decays by <see cref="Gamma"/> every step (PyTorch <c>ExponentialLR</c>, closed form).</summary>
/// <remarks>v(t) = initial · γ^t.</remarks>
public sealed record ExponentialSchedule : ISchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="initialValue">The value at step 0.</param>
    /// <param name="gamma">PyTorch <c>gamma</c>: factor per step; non-negative.</param>
    public ExponentialSchedule(double initialValue, double gamma)
    {
        InitialValue = ScheduleChecks.NonNegative(initialValue, "initial_lr");
        Gamma = ScheduleChecks.NonNegative(gamma, "gamma");
    }

    /// <summary>The value at step 0.</summary>
    public double InitialValue { get; }

    /// <summary>Factor per step (PyTorch <c>gamma</c>).</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    public double ValueAt(long step)
    {
        ScheduleChecks.Step(step);
        return InitialValue * Math.Pow(Gamma, step);
    }
}
