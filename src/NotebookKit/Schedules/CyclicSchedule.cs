namespace NotebookKit.Schedules;

/// <summary>Cyclical learning rate between a base and a maximum (Smith 2017; PyTorch <c>CyclicLR</c>).</summary>
/// <remarks>
/// <para>cycle = ⌊1 + t/(up + down)⌋, x = 1 + t/(up + down) − cycle, scale = x/r if x ≤ r else (x − 1)/(r − 1) with
/// r = up/(up + down); v(t) = base + (max − base)·scale·f, where f is 1 (triangular), 1/2^(cycle−1) (triangular2),
/// γ^t (exp_range) or a custom function of the cycle or the step. The operation order is PyTorch 1.13's.</para>
/// <para>With <see cref="Inverted"/> the schedule runs from max down to base (the momentum cycle:
/// max_m − (max_m − base_m)·scale·f). A custom <see cref="ScaleFunction"/> cannot be serialised.</para>
/// </remarks>
public sealed record CyclicSchedule : ISchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="baseValue">PyTorch <c>base_lr</c> (or <c>base_momentum</c>).</param>
    /// <param name="maxValue">PyTorch <c>max_lr</c> (or <c>max_momentum</c>).</param>
    /// <param name="stepSizeUp">PyTorch <c>step_size_up</c>: steps in the rising half; positive.</param>
    /// <param name="stepSizeDown">PyTorch <c>step_size_down</c>: steps in the falling half; defaults to <paramref name="stepSizeUp"/>.</param>
    /// <param name="mode">PyTorch <c>mode</c>; ignored when <paramref name="scaleFunction"/> is given.</param>
    /// <param name="gamma">PyTorch <c>gamma</c> for exp_range; in (0, 1].</param>
    /// <param name="scaleFunction">PyTorch <c>scale_fn</c>: a custom amplitude policy (not serialisable).</param>
    /// <param name="scaleMode">PyTorch <c>scale_mode</c> for a custom function.</param>
    /// <param name="inverted">Run from max down to base (momentum cycling).</param>
    public CyclicSchedule(
        double baseValue,
        double maxValue,
        long stepSizeUp = 2000,
        long? stepSizeDown = null,
        CyclicMode mode = CyclicMode.Triangular,
        double gamma = 1.0,
        Func<double, double>? scaleFunction = null,
        CyclicScaleMode scaleMode = CyclicScaleMode.Cycle,
        bool inverted = false)
    {
        BaseValue = ScheduleChecks.NonNegative(baseValue, "base_lr");
        MaxValue = ScheduleChecks.NonNegative(maxValue, "max_lr");
        StepSizeUp = ScheduleChecks.Positive(stepSizeUp, "step_size_up");
        StepSizeDown = ScheduleChecks.Positive(stepSizeDown ?? stepSizeUp, "step_size_down");
        Mode = mode;
        Gamma = gamma;
        if (mode == CyclicMode.ExpRange && scaleFunction is null && (!(gamma > 0) || gamma > 1))
        {
            throw new ArgumentOutOfRangeException(nameof(gamma), $"gamma must be in (0, 1] for mode 'exp_range', got {ScheduleChecks.Format(gamma)}.");
        }

        ScaleFunction = scaleFunction;
        ScaleMode = scaleFunction is null ? (mode == CyclicMode.ExpRange ? CyclicScaleMode.Iterations : CyclicScaleMode.Cycle) : scaleMode;
        Inverted = inverted;
    }

    /// <summary>The low end of the cycle (PyTorch <c>base_lr</c>).</summary>
    public double BaseValue { get; }

    /// <summary>The high end of the cycle (PyTorch <c>max_lr</c>).</summary>
    public double MaxValue { get; }

    /// <summary>Steps in the rising half (PyTorch <c>step_size_up</c>).</summary>
    public long StepSizeUp { get; }

    /// <summary>Steps in the falling half (PyTorch <c>step_size_down</c>).</summary>
    public long StepSizeDown { get; }

    /// <summary>The amplitude policy (PyTorch <c>mode</c>).</summary>
    public CyclicMode Mode { get; }

    /// <summary>exp_range's factor per step (PyTorch <c>gamma</c>).</summary>
    public double Gamma { get; }

    /// <summary>A custom amplitude policy (PyTorch <c>scale_fn</c>), or null for <see cref="Mode"/>.</summary>
    public Func<double, double>? ScaleFunction { get; }

    /// <summary>What the amplitude policy receives (PyTorch <c>scale_mode</c>; forced by the built-in modes).</summary>
    public CyclicScaleMode ScaleMode { get; }

    /// <summary>Whether the schedule runs from max down to base (momentum).</summary>
    public bool Inverted { get; }

    /// <inheritdoc/>
    public double ValueAt(long step)
    {
        ScheduleChecks.Step(step);
        (double scaleFactor, double amplitude) = Position(step);
        double height = (MaxValue - BaseValue) * scaleFactor;
        return Inverted ? MaxValue - (height * amplitude) : BaseValue + (height * amplitude);
    }

    /// <summary>The position in the cycle (0 at base, 1 at max) and the amplitude factor f at <paramref name="step"/>.</summary>
    internal (double ScaleFactor, double Amplitude) Position(long step)
    {
        double totalSize = (double)StepSizeUp + StepSizeDown;
        double stepRatio = StepSizeUp / totalSize;
        double cycle = Math.Floor(1 + (step / totalSize));
        double x = 1.0 + (step / totalSize) - cycle;
        double scaleFactor = x <= stepRatio ? x / stepRatio : (x - 1) / (stepRatio - 1);
        double argument = ScaleMode == CyclicScaleMode.Cycle ? cycle : step;
        double amplitude = ScaleFunction is not null ? ScaleFunction(argument) : Mode switch
        {
            CyclicMode.Triangular => 1.0,
            CyclicMode.Triangular2 => 1 / Math.Pow(2.0, argument - 1),
            _ => Math.Pow(Gamma, argument),
        };
        return (scaleFactor, amplitude);
    }
}
