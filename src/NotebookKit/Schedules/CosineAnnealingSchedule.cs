namespace NotebookKit.Schedules;

/// <summary>Cosine annealing from the initial value to <see cref="EtaMin"/> over <see cref="TMax"/> steps (PyTorch <c>CosineAnnealingLR</c>, closed form).</summary>
/// <remarks>
/// <para>v(t) = η_min + (initial − η_min)·(1 + cos(π·t/T_max))/2 (Loshchilov &amp; Hutter 2017, SGDR without restarts).</para>
/// <para>Past T_max the value climbs back up along the cosine (period 2·T_max), exactly as PyTorch's
/// <c>CosineAnnealingLR</c> does; set <see cref="HoldAfterTMax"/> to stay at η_min instead (Keras/optax behaviour).
/// PyTorch's stateful scheduler uses a recursive form that differs from this closed form by about 1e-14;
/// <see cref="Torch.CosineAnnealingLR"/> reproduces the recursive numbers.</para>
/// </remarks>
public sealed record CosineAnnealingSchedule : ISchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="initialValue">The value at step 0 (PyTorch <c>base_lr</c>).</param>
    /// <param name="tMax">PyTorch <c>T_max</c>: steps from the initial value to η_min; positive.</param>
    /// <param name="etaMin">PyTorch <c>eta_min</c>: the minimum; non-negative.</param>
    /// <param name="holdAfterTMax">Stay at η_min after T_max instead of rising again.</param>
    public CosineAnnealingSchedule(double initialValue, long tMax, double etaMin = 0.0, bool holdAfterTMax = false)
    {
        InitialValue = ScheduleChecks.NonNegative(initialValue, "initial_lr");
        TMax = ScheduleChecks.Positive(tMax, "T_max");
        EtaMin = ScheduleChecks.NonNegative(etaMin, "eta_min");
        HoldAfterTMax = holdAfterTMax;
    }

    /// <summary>The value at step 0.</summary>
    public double InitialValue { get; }

    /// <summary>Half period in steps (PyTorch <c>T_max</c>).</summary>
    public long TMax { get; }

    /// <summary>The minimum (PyTorch <c>eta_min</c>).</summary>
    public double EtaMin { get; }

    /// <summary>Whether the value stays at η_min after T_max.</summary>
    public bool HoldAfterTMax { get; }

    /// <inheritdoc/>
    public double ValueAt(long step)
    {
        ScheduleChecks.Step(step);
        long t = HoldAfterTMax ? Math.Min(step, TMax) : step;
        return EtaMin + ((InitialValue - EtaMin) * (1 + Math.Cos(Math.PI * t / TMax)) / 2);
    }
}
