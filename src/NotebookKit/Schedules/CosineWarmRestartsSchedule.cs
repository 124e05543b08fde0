namespace NotebookKit.Schedules;

/// <summary>Cosine annealing with warm restarts (SGDR, Loshchilov &amp; Hutter 2017; PyTorch <c>CosineAnnealingWarmRestarts</c>).</summary>
/// <remarks>
/// <para>Cycle i lasts T_i = T_0·T_mult^i steps; inside it v = η_min + (initial − η_min)·(1 + cos(π·T_cur/T_i))/2.
/// As in PyTorch, η_min is approached but never reached at integer steps (T_cur &lt; T_i).</para>
/// <para>The cycle index is found with exact integer arithmetic, so <see cref="ValueAtEpoch"/>(111) with T_0 = 1,
/// T_mult = 10 restarts (1.0) where PyTorch's <c>math.log</c> lands on 0.0. <see cref="PeakDecay"/> (Keras
/// <c>m_mul</c>, timm <c>cycle_decay</c>) scales the peak of cycle i by decay^i; 1 gives PyTorch's numbers.</para>
/// </remarks>
public sealed record CosineWarmRestartsSchedule : ISchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="initialValue">The peak of the first cycle (PyTorch <c>base_lr</c>).</param>
    /// <param name="t0">PyTorch <c>T_0</c>: length of the first cycle; positive.</param>
    /// <param name="tMult">PyTorch <c>T_mult</c>: cycle length growth; at least 1.</param>
    /// <param name="etaMin">PyTorch <c>eta_min</c>; non-negative.</param>
    /// <param name="peakDecay">Factor applied to the peak at each restart; in (0, 1].</param>
    public CosineWarmRestartsSchedule(double initialValue, long t0, long tMult = 1, double etaMin = 0.0, double peakDecay = 1.0)
    {
        InitialValue = ScheduleChecks.NonNegative(initialValue, "initial_lr");
        T0 = ScheduleChecks.Positive(t0, "T_0");
        if (tMult < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(tMult), $"T_mult must be an integer >= 1, got {tMult}.");
        }

        TMult = tMult;
        EtaMin = ScheduleChecks.NonNegative(etaMin, "eta_min");
        if (!(peakDecay > 0) || peakDecay > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(peakDecay), $"peak_decay must be in (0, 1], got {ScheduleChecks.Format(peakDecay)}.");
        }

        PeakDecay = peakDecay;
    }

    /// <summary>The peak of the first cycle.</summary>
    public double InitialValue { get; }

    /// <summary>Length of the first cycle (PyTorch <c>T_0</c>).</summary>
    public long T0 { get; }

    /// <summary>Cycle length growth (PyTorch <c>T_mult</c>).</summary>
    public long TMult { get; }

    /// <summary>The floor (PyTorch <c>eta_min</c>).</summary>
    public double EtaMin { get; }

    /// <summary>Peak factor per restart (Keras <c>m_mul</c>); 1 for PyTorch.</summary>
    public double PeakDecay { get; }

    /// <inheritdoc/>
    public double ValueAt(long step)
    {
        ScheduleChecks.Step(step);
        (long start, long length, int cycle) = CycleOf(step);
        return Value(step - start, length, cycle);
    }

    /// <summary>The value at a fractional epoch (PyTorch <c>scheduler.step(epoch)</c>), e.g. <c>epoch + batch/batches</c>.</summary>
    /// <param name="epoch">Non-negative, finite.</param>
    public double ValueAtEpoch(double epoch)
    {
        if (!double.IsFinite(epoch) || epoch < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(epoch), $"Expected non-negative epoch, but got {ScheduleChecks.Format(epoch)}.");
        }

        if (TMult == 1)
        {
            // PyTorch: T_cur = epoch % T_0 (float modulo) when epoch >= T_0.
            double tCur = epoch >= T0 ? epoch % T0 : epoch;
            return Value(tCur, T0, (int)Math.Floor(epoch / T0));
        }

        (long start, long length, int cycle) = CycleOf((long)Math.Floor(epoch));
        return Value(epoch - start, length, cycle);
    }

    internal (long Start, long Length, int Cycle) CycleOf(long step)
    {
        if (TMult == 1)
        {
            return (step / T0 * T0, T0, (int)Math.Min(int.MaxValue, step / T0));
        }

        long start = 0;
        long length = T0;
        int cycle = 0;
        while (step - start >= length)
        {
            start += length;
            // A cycle longer than any step (a huge T_mult) never ends: saturate instead of overflowing.
            length = length > long.MaxValue / TMult ? long.MaxValue : length * TMult;
            cycle++;
        }

        return (start, length, cycle);
    }

    private double Value(double tCur, long length, int cycle)
    {
        double peak = PeakDecay == 1.0 ? InitialValue : InitialValue * Math.Pow(PeakDecay, cycle);
        return EtaMin + ((peak - EtaMin) * (1 + Math.Cos(Math.PI * tCur / length)) / 2);
    }
}
