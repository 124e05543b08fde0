namespace NotebookKit.Schedules;

/// <summary>Whether a lower or a higher metric is better (PyTorch/Keras <c>mode</c>).</summary>
public enum PlateauMode
{
    /// <summary><c>min</c>: e.g. a loss.</summary>
    Min,

    /// <summary><c>max</c>: e.g. an accuracy.</summary>
    Max,
}

/// <summary>How the improvement threshold is applied (PyTorch <c>threshold_mode</c>).</summary>
public enum PlateauThresholdMode
{
    /// <summary><c>rel</c>: better than best·(1 ∓ threshold).</summary>
    Relative,

    /// <summary><c>abs</c>: better than best ∓ threshold.</summary>
    Absolute,
}

/// <summary>Whose plateau rules to follow.</summary>
public enum PlateauSemantics
{
    /// <summary>PyTorch 1.13 <c>ReduceLROnPlateau</c>: reduce on the (patience+1)-th bad epoch; bad epochs counted, then zeroed, in cooldown; a reduction is applied only if it exceeds eps.</summary>
    PyTorch,

    /// <summary>Keras <c>ReduceLROnPlateau</c>: reduce after patience bad epochs; bad epochs not counted in cooldown; absolute threshold (min_delta) only; reduce only while lr &gt; min_lr.</summary>
    Keras,
}

/// <summary>Options of a plateau reducer, with PyTorch names and defaults.</summary>
/// <remarks>
/// For <see cref="PlateauSemantics.Keras"/>, <see cref="Threshold"/> is Keras <c>min_delta</c> (always absolute) and
/// <see cref="Eps"/> is unused. NaN metrics always count as bad epochs.
/// </remarks>
public sealed record PlateauOptions
{
    /// <summary>Creates the options, validating them as PyTorch does (plus factor &gt; 0, patience and cooldown ≥ 0).</summary>
    /// <param name="mode">PyTorch <c>mode</c>.</param>
    /// <param name="factor">PyTorch <c>factor</c>: new_lr = lr·factor; in (0, 1).</param>
    /// <param name="patience">PyTorch <c>patience</c>; non-negative.</param>
    /// <param name="threshold">PyTorch <c>threshold</c> (Keras <c>min_delta</c>); non-negative.</param>
    /// <param name="thresholdMode">PyTorch <c>threshold_mode</c>.</param>
    /// <param name="cooldown">PyTorch <c>cooldown</c>; non-negative.</param>
    /// <param name="eps">PyTorch <c>eps</c>: minimal decay applied; non-negative.</param>
    /// <param name="semantics">PyTorch or Keras rules.</param>
    public PlateauOptions(
        PlateauMode mode = PlateauMode.Min,
        double factor = 0.1,
        int patience = 10,
        double threshold = 1e-4,
        PlateauThresholdMode thresholdMode = PlateauThresholdMode.Relative,
        int cooldown = 0,
        double eps = 1e-8,
        PlateauSemantics semantics = PlateauSemantics.PyTorch)
    {
        ScheduleChecks.Finite(factor, "factor");
        if (factor >= 1.0)
        {
            throw new ArgumentOutOfRangeException(nameof(factor), semantics == PlateauSemantics.Keras
                ? $"ReduceLROnPlateau does not support a factor >= 1.0. Received factor={ScheduleChecks.Format(factor)}"
                : "Factor should be < 1.0.");
        }

        if (factor <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(factor), $"factor must be > 0 (a reduction to zero or below would stop or reverse training), got {ScheduleChecks.Format(factor)}.");
        }

        if (patience < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(patience), $"patience must be non-negative, got {patience}.");
        }

        if (cooldown < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(cooldown), $"cooldown must be non-negative, got {cooldown}.");
        }

        Mode = mode;
        Factor = factor;
        Patience = patience;
        Threshold = ScheduleChecks.NonNegative(threshold, "threshold");
        ThresholdMode = thresholdMode;
        Cooldown = cooldown;
        Eps = ScheduleChecks.NonNegative(eps, "eps");
        Semantics = semantics;
    }

    /// <summary>PyTorch <c>mode</c>.</summary>
    public PlateauMode Mode { get; }

    /// <summary>PyTorch <c>factor</c>.</summary>
    public double Factor { get; }

    /// <summary>PyTorch <c>patience</c>.</summary>
    public int Patience { get; }

    /// <summary>PyTorch <c>threshold</c> (Keras <c>min_delta</c>).</summary>
    public double Threshold { get; }

    /// <summary>PyTorch <c>threshold_mode</c> (Keras: always absolute).</summary>
    public PlateauThresholdMode ThresholdMode { get; }

    /// <summary>PyTorch <c>cooldown</c>.</summary>
    public int Cooldown { get; }

    /// <summary>PyTorch <c>eps</c>.</summary>
    public double Eps { get; }

    /// <summary>PyTorch or Keras rules.</summary>
    public PlateauSemantics Semantics { get; }
}
