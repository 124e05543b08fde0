
namespace NotebookKit.Schedules.Torch;

/// <summary>PyTorch <c>CosineAnnealingLR</c> with its recursive (chainable) numbers, including past T_max.</summary>
/// <remarks>
/// <para>PyTorch 1.13 does not stop at T_max: the rate climbs back up along the cosine (period 2·T_max), and its
/// recursive form gives specific numbers (e.g. 1.0000000000000004 at t = 8 for T_max = 4). This class reproduces
/// them on purpose, operation for operation: lr unchanged at t = 0; at a trough (t − 1 − T_max ≡ 0 mod 2·T_max)
/// lr + (base − η_min)(1 − cos(π/T_max))/2; otherwise (1 + cos(πt/T_max))/(1 + cos(π(t − 1)/T_max))·(lr − η_min) + η_min.
/// Because it reads the current rate, it rescales changes made by other schedulers (ChainedScheduler).</para>
/// <para>For the pure closed form use <see cref="CosineAnnealingSchedule"/> (differs by about 1e-14).
/// T_max must be positive (PyTorch fails with ZeroDivisionError on the first step).</para>
/// </remarks>
public sealed class CosineAnnealingLR : LRScheduler
{
    /// <summary>Creates the scheduler.</summary>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="tMax">PyTorch <c>T_max</c>; positive.</param>
    /// <param name="etaMin">PyTorch <c>eta_min</c>.</param>
    public CosineAnnealingLR(IScheduledOptimizer optimizer, long tMax, double etaMin = 0.0)
        : base(optimizer)
    {
        TMax = ScheduleChecks.Positive(tMax, "T_max");
        EtaMin = ScheduleChecks.NonNegative(etaMin, "eta_min");
        InitialStep();
    }

    /// <summary>PyTorch <c>T_max</c>.</summary>
    public long TMax { get; }

    /// <summary>PyTorch <c>eta_min</c>.</summary>
    public double EtaMin { get; }

    /// <inheritdoc/>
    protected override double[] GetLearningRates()
    {
        long t = LastEpoch;
        if (t == 0)
        {
            return GroupRates();
        }

        if (StepCount == 1 && t > 0)
        {
            return GetClosedFormLearningRates();
        }

        if (ScheduleChecks.FloorMod(t - 1 - TMax, 2 * TMax) == 0)
        {
            return Optimizer.Groups.Select((g, i) => g.LearningRate + ((BaseLearningRates[i] - EtaMin) * (1 - Math.Cos(Math.PI / TMax)) / 2)).ToArray();
        }

        double ratio = (1 + Math.Cos(Math.PI * t / TMax)) / (1 + Math.Cos(Math.PI * (t - 1) / TMax));
        return Optimizer.Groups.Select(g => (ratio * (g.LearningRate - EtaMin)) + EtaMin).ToArray();
    }

    /// <inheritdoc/>
    protected override double[] GetClosedFormLearningRates() =>
        BaseLearningRates.Select(b => EtaMin + ((b - EtaMin) * (1 + Math.Cos(Math.PI * LastEpoch / TMax)) / 2)).ToArray();
}
