namespace NotebookKit.Schedules;

/// <summary>Linear interpolation from an initial to an end value (optax <c>linear_schedule</c>).</summary>
/// <remarks>
/// c = clip(t − transition_begin, 0, transition_steps); v(t) = init + (end − init)·c/transition_steps.
/// PyTorch <c>LinearLR</c>'s closed form is this with init = base·start_factor and end = base·end_factor.
/// </remarks>
public sealed record LinearSchedule : ISchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="initialValue">optax <c>init_value</c>.</param>
    /// <param name="endValue">optax <c>end_value</c>.</param>
    /// <param name="transitionSteps">optax <c>transition_steps</c>; positive.</param>
    /// <param name="transitionBegin">optax <c>transition_begin</c>; non-negative.</param>
    public LinearSchedule(double initialValue, double endValue, long transitionSteps, long transitionBegin = 0)
    {
        InitialValue = ScheduleChecks.NonNegative(initialValue, "init_value");
        EndValue = ScheduleChecks.NonNegative(endValue, "end_value");
        TransitionSteps = ScheduleChecks.Positive(transitionSteps, "transition_steps");
        TransitionBegin = ScheduleChecks.NonNegative(transitionBegin, "transition_begin");
    }

    /// <summary>The value up to <see cref="TransitionBegin"/>.</summary>
    public double InitialValue { get; }

    /// <summary>The value once the transition is over.</summary>
    public double EndValue { get; }

    /// <summary>Steps the transition takes.</summary>
    public long TransitionSteps { get; }

    /// <summary>Steps before the transition starts.</summary>
    public long TransitionBegin { get; }

    /// <inheritdoc/>
    public double ValueAt(long step)
    {
        ScheduleChecks.Step(step);
        long c = Math.Clamp(step - TransitionBegin, 0, TransitionSteps);
        return InitialValue + ((EndValue - InitialValue) * c / TransitionSteps);
    }
}
