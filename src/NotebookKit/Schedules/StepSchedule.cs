namespace NotebookKit.Schedules;

/// <summary>Decays by <see cref="Gamma"/> every <see cref="StepSize"/> steps (PyTorch <c>StepLR</c>, closed form).</summary>
/// <remarks>v(t) = initial · γ^⌊t / step_size⌋ (PyTorch <c>StepLR._get_closed_form_lr</c>).</remarks>
public sealed record StepSchedule : ISchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="initialValue">The value for steps 0 .. step_size−1.</param>
    /// <param name="stepSize">PyTorch <c>step_size</c>: steps between decays; positive.</param>
    /// <param name="gamma">PyTorch <c>gamma</c>: the factor applied at each decay; non-negative.</param>
    public StepSchedule(double initialValue, long stepSize, double gamma = 0.1)
    {
        InitialValue = ScheduleChecks.NonNegative(initialValue, "initial_lr");
        StepSize = ScheduleChecks.Positive(stepSize, "step_size");
        Gamma = ScheduleChecks.NonNegative(gamma, "gamma");
    }

    /// <summary>The value before the first decay (PyTorch <c>base_lr</c>).</summary>
    public double InitialValue { get; }

    /// <summary>Steps between decays (PyTorch <c>step_size</c>).</summary>
    public long StepSize { get; }

    /// <summary>Multiplicative factor per decay (PyTorch <c>gamma</c>).</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    public double ValueAt(long step)
    {
        ScheduleChecks.Step(step);
        return InitialValue * Math.Pow(Gamma, step / StepSize);
    }
}
