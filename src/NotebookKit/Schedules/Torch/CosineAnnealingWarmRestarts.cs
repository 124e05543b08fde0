using System.Text.Json.Nodes;

namespace NotebookKit.Schedules.Torch;

/// <summary>PyTorch <c>CosineAnnealingWarmRestarts</c> (SGDR): cosine cycles of T_0·T_mult^i epochs, restarting at the base rate.</summary>
/// <remarks>
/// <para>Integer stepping reproduces PyTorch exactly (T_cur/T_i bookkeeping). <see cref="Step(double)"/> takes a
/// fractional epoch (e.g. <c>epoch + batch/batches</c>) as PyTorch's <c>step(epoch)</c> does, but finds the cycle with
/// exact integer arithmetic: PyTorch's float logarithm puts epoch 111 with T_0 = 1, T_mult = 10 at the end of a cycle
/// (η_min) instead of at a restart.</para>
/// <para>Not chainable: the rate is always computed from the base rate. The pure form is <see cref="CosineWarmRestartsSchedule"/>.</para>
/// </remarks>
public sealed class CosineAnnealingWarmRestarts : LRScheduler
{
    private readonly CosineWarmRestartsSchedule shape;

    /// <summary>Creates the scheduler.</summary>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="t0">PyTorch <c>T_0</c>; positive.</param>
    /// <param name="tMult">PyTorch <c>T_mult</c>; at least 1.</param>
    /// <param name="etaMin">PyTorch <c>eta_min</c>.</param>
    public CosineAnnealingWarmRestarts(IScheduledOptimizer optimizer, long t0, long tMult = 1, double etaMin = 0.0)
        : base(optimizer)
    {
        if (t0 <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(t0), $"Expected positive integer T_0, but got {t0}");
        }

        if (tMult < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(tMult), $"Expected integer T_mult >= 1, but got {tMult}");
        }

        shape = new CosineWarmRestartsSchedule(1.0, t0, tMult, ScheduleChecks.NonNegative(etaMin, "eta_min"));
        T0 = t0;
        TMult = tMult;
        EtaMin = etaMin;
        TI = t0;
        TCur = -1;
        InitialStep();
    }

    /// <summary>PyTorch <c>T_0</c>.</summary>
    public long T0 { get; }

    /// <summary>PyTorch <c>T_mult</c>.</summary>
    public long TMult { get; }

    /// <summary>PyTorch <c>eta_min</c>.</summary>
    public double EtaMin { get; }

    /// <summary>PyTorch <c>T_i</c>: the length of the current cycle.</summary>
    public long TI { get; private set; }

    /// <summary>PyTorch <c>T_cur</c>: epochs since the last restart (fractional after <see cref="Step(double)"/>).</summary>
    public double TCur { get; private set; }

    /// <inheritdoc/>
    public override SchedulerInterval Interval => SchedulerInterval.Epoch;

    /// <inheritdoc/>
    public override void Step()
    {
        if (LastEpoch < 0)
        {
            Step(0.0);
            return;
        }

        // PyTorch's step() does not count _step_count for this class.
        LastEpoch++;
        TCur++;
        if (TCur >= TI)
        {
            TCur -= TI;
            TI *= TMult;
        }

        Apply(GetLearningRates());
    }

    /// <summary>Jumps to a fractional epoch (PyTorch <c>step(epoch)</c>), e.g. <c>epoch + batch/batches</c>.</summary>
    /// <param name="epoch">Non-negative.</param>
    public void Step(double epoch)
    {
        if (!double.IsFinite(epoch) || epoch < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(epoch), $"Expected non-negative epoch, but got {ScheduleChecks.Format(epoch)}");
        }

        if (epoch >= T0)
        {
            if (TMult == 1)
            {
                TCur = epoch % T0;
            }
            else
            {
                (long start, long length, _) = shape.CycleOf((long)Math.Floor(epoch));
                TCur = epoch - start;
                TI = length;
            }
        }
        else
        {
            TI = T0;
            TCur = epoch;
        }

        LastEpoch = (long)Math.Floor(epoch);
        Apply(GetLearningRates());
    }

    internal override void StepAt(long epoch) => Step((double)epoch);

    /// <inheritdoc/>
    protected override double[] GetLearningRates() =>
        BaseLearningRates.Select(b => EtaMin + ((b - EtaMin) * (1 + Math.Cos(Math.PI * TCur / TI)) / 2)).ToArray();

    private protected override void SaveExtra(JsonObject state)
    {
        state["T_i"] = TI;
        state["T_cur"] = TCur;
    }

    private protected override void LoadExtra(JsonObject state)
    {
        TI = ScheduleJson.Long(state, "T_i");
        TCur = ScheduleJson.Double(state, "T_cur");
    }
}
