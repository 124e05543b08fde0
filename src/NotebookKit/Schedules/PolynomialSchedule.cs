namespace NotebookKit.Schedules;

/// <summary>Polynomial interpolation from an initial to an end value (optax <c>polynomial_schedule</c>).</summary>
/// <remarks>
/// c = clip(t − transition_begin, 0, transition_steps); v(t) = (init − end)·(1 − c/transition_steps)^power + end.
/// With end = 0 this is PyTorch <c>PolynomialLR</c>'s closed form base·(1 − min(T, t)/T)^power.
/// </remarks>
public sealed record PolynomialSchedule : ISchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="initialValue">optax <c>init_value</c>.</param>
    /// <param name="endValue">optax <c>end_value</c>.</param>
    /// <param name="power">optax <c>power</c> (PyTorch <c>power</c>); positive.</param>
    /// <param name="transitionSteps">optax <c>transition_steps</c> (PyTorch <c>total_iters</c>); positive.</param>
    /// <param name="transitionBegin">optax <c>transition_begin</c>: steps held at the initial value first.</param>
    public PolynomialSchedule(double initialValue, double endValue, double power, long transitionSteps, long transitionBegin = 0)
    {
        InitialValue = ScheduleChecks.NonNegative(initialValue, "init_value");
        EndValue = ScheduleChecks.NonNegative(endValue, "end_value");
        Power = ScheduleChecks.Positive(power, "power");
        TransitionSteps = ScheduleChecks.Positive(transitionSteps, "transition_steps");
        TransitionBegin = ScheduleChecks.NonNegative(transitionBegin, "transition_begin");
    }

    /// <summary>The value up to <see cref="TransitionBegin"/>.</summary>
    public double InitialValue { get; }

    /// <summary>The value from <see cref="TransitionBegin"/> + <see cref="TransitionSteps"/> on.</summary>
    public double EndValue { get; }

    /// <summary>The polynomial's exponent.</summary>
    public double Power { get; }

    /// <summary>Steps the transition takes.</summary>
    public long TransitionSteps { get; }

    /// <summary>Steps before the transition starts.</summary>
    public long TransitionBegin { get; }

    /// <inheritdoc/>
    public double ValueAt(long step)
    {
        ScheduleChecks.Step(step);
        long c = Math.Clamp(step - TransitionBegin, 0, TransitionSteps);
        return ((InitialValue - EndValue) * Math.Pow(1.0 - ((double)c / TransitionSteps), Power)) + EndValue;
    }
}
