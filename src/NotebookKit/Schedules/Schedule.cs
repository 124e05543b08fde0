namespace NotebookKit.Schedules;

/// <summary>Factory methods and presets: every preset is a one-line composition of the records in this namespace.</summary>
public static class Schedule
{
    /// <summary>A constant value (optax <c>constant_schedule</c>).</summary>
    public static ConstantSchedule Constant(double value) => new(value);

    /// <summary>γ every <paramref name="stepSize"/> steps (PyTorch <c>StepLR</c>).</summary>
    public static StepSchedule Step(double initialValue, long stepSize, double gamma = 0.1) => new(initialValue, stepSize, gamma);

    /// <summary>γ at each milestone (PyTorch <c>MultiStepLR</c>).</summary>
    public static MultiStepSchedule MultiStep(double initialValue, IEnumerable<long> milestones, double gamma = 0.1) => new(initialValue, milestones, gamma);

    /// <summary>γ every step (PyTorch <c>ExponentialLR</c>).</summary>
    public static ExponentialSchedule Exponential(double initialValue, double gamma) => new(initialValue, gamma);

    /// <summary>Linear from <paramref name="initialValue"/> to <paramref name="endValue"/> (optax <c>linear_schedule</c>).</summary>
    public static LinearSchedule Linear(double initialValue, double endValue, long transitionSteps, long transitionBegin = 0) =>
        new(initialValue, endValue, transitionSteps, transitionBegin);

    /// <summary>Polynomial decay (optax <c>polynomial_schedule</c>; PyTorch <c>PolynomialLR</c> with end 0).</summary>
    public static PolynomialSchedule Polynomial(double initialValue, double endValue, double power, long transitionSteps, long transitionBegin = 0) =>
        new(initialValue, endValue, power, transitionSteps, transitionBegin);

    /// <summary>Cosine annealing (PyTorch <c>CosineAnnealingLR</c>, rising again after T_max unless held).</summary>
    public static CosineAnnealingSchedule Cosine(double initialValue, long tMax, double etaMin = 0.0, bool holdAfterTMax = false) =>
        new(initialValue, tMax, etaMin, holdAfterTMax);

    /// <summary>Cyclical learning rate (PyTorch <c>CyclicLR</c>).</summary>
    public static CyclicSchedule Cyclic(double baseValue, double maxValue, long stepSizeUp, long? stepSizeDown = null, CyclicMode mode = CyclicMode.Triangular, double gamma = 1.0) =>
        new(baseValue, maxValue, stepSizeUp, stepSizeDown, mode, gamma);

    /// <summary>The 1cycle policy (PyTorch <c>OneCycleLR</c>).</summary>
    public static OneCycleSchedule OneCycle(double maxValue, long totalSteps, double pctStart = 0.3, OneCycleAnnealStrategy annealStrategy = OneCycleAnnealStrategy.Cos, bool threePhase = false) =>
        new(maxValue, totalSteps, pctStart, annealStrategy, threePhase: threePhase);

    /// <summary>SGDR warm restarts (PyTorch <c>CosineAnnealingWarmRestarts</c>), optionally decaying the peaks.</summary>
    public static CosineWarmRestartsSchedule WarmRestarts(double initialValue, long t0, long tMult = 1, double etaMin = 0.0, double peakDecay = 1.0) =>
        new(initialValue, t0, tMult, etaMin, peakDecay);

    /// <summary>Joins schedules at absolute boundaries, each re-based to its own step 0 (optax <c>join_schedules</c>).</summary>
    public static JoinedSchedule Join(IEnumerable<ISchedule> schedules, IEnumerable<long> boundaries) => new(schedules, boundaries);

    /// <summary>Multiplies two schedules step by step.</summary>
    public static ProductSchedule Product(ISchedule left, ISchedule right) => new(left, right);

    /// <summary>A schedule from a function. Not serialisable: see <see cref="FuncSchedule"/>.</summary>
    public static FuncSchedule FromFunc(Func<long, double> function, string name = "custom") => new(function, name);

    /// <summary>
    /// Linear warm-up from <paramref name="initialValue"/> to <paramref name="peakValue"/> over <paramref name="warmupSteps"/>, then cosine
    /// decay to <paramref name="endValue"/> at <paramref name="totalSteps"/> (optax <c>warmup_cosine_decay_schedule</c>).
    /// </summary>
    /// <param name="peakValue">The value at the end of the warm-up; positive.</param>
    /// <param name="warmupSteps">Warm-up steps; less than <paramref name="totalSteps"/>.</param>
    /// <param name="totalSteps">Total steps <b>including</b> the warm-up (optax <c>decay_steps</c>).</param>
    /// <param name="initialValue">The value at step 0.</param>
    /// <param name="endValue">The value from <paramref name="totalSteps"/> on; at most <paramref name="peakValue"/>.</param>
    public static JoinedSchedule WarmupCosine(double peakValue, long warmupSteps, long totalSteps, double initialValue = 0.0, double endValue = 0.0)
    {
        ScheduleChecks.Positive(peakValue, "peak_value");
        ScheduleChecks.NonNegative(warmupSteps, "warmup_steps");
        if (totalSteps <= warmupSteps)
        {
            throw new ArgumentOutOfRangeException(nameof(totalSteps), $"decay_steps (total steps, {totalSteps}) must be greater than warmup_steps ({warmupSteps}).");
        }

        if (endValue > peakValue)
        {
            throw new ArgumentOutOfRangeException(nameof(endValue), $"end_value ({ScheduleChecks.Format(endValue)}) must not exceed peak_value ({ScheduleChecks.Format(peakValue)}).");
        }

        var cosine = new CosineDecay(peakValue, totalSteps - warmupSteps, alpha: endValue / peakValue);
        return warmupSteps == 0
            ? new JoinedSchedule([cosine], [])
            : new JoinedSchedule([new LinearSchedule(initialValue, peakValue, warmupSteps), cosine], [warmupSteps]);
    }

    /// <summary>Linear warm-up then step decay of the peak by γ every <paramref name="stepSize"/> steps after the warm-up.</summary>
    public static JoinedSchedule WarmupStep(double peakValue, long warmupSteps, long stepSize, double gamma = 0.1, double initialValue = 0.0) =>
        new([new LinearSchedule(initialValue, peakValue, Math.Max(1, warmupSteps)), new StepSchedule(peakValue, stepSize, gamma)], [Math.Max(1, warmupSteps)]);

    /// <summary>The Keras tutorial step decay init·factor^⌊(1 + epoch)/drop_every⌋ (notebook 02).</summary>
    public static StepDecay KerasStepDecay(double initialLearningRate, double factor = 0.25, long dropEvery = 5) => new(initialLearningRate, factor, dropEvery);
}
