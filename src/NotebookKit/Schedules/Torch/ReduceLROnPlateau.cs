using System.Text.Json.Nodes;

namespace NotebookKit.Schedules.Torch;

/// <summary>PyTorch <c>ReduceLROnPlateau</c>: multiplies the rates by factor when the metric stops improving.</summary>
/// <remarks>
/// <para>PyTorch 1.13 rules by default: the reduction comes on the (patience+1)-th consecutive bad epoch; bad epochs
/// in cooldown are counted and then zeroed; a group is reduced only if the reduction exceeds eps; new = max(lr·factor,
/// min_lr). With <see cref="PlateauSemantics.Keras"/>: after patience bad epochs, absolute min_delta only, no counting
/// in cooldown, reduce only while lr &gt; min_lr. NaN metrics count as bad epochs. As in PyTorch, in min/rel mode a
/// negative metric that gets worse can count as better (best·(1 − threshold) is above best).</para>
/// <para>To combine a plateau with a warm-up or cosine schedule (which PyTorch cannot), use <see cref="PlateauScaledSchedule"/>.</para>
/// </remarks>
public sealed class ReduceLROnPlateau : IMetricScheduler
{
    private readonly double[] minLrs;
    private double[] lastLearningRates;

    /// <summary>Creates the scheduler; it changes nothing until the first metric.</summary>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="options">mode, factor, patience, threshold, threshold_mode, cooldown, eps and the rules.</param>
    /// <param name="minLr">PyTorch <c>min_lr</c>: one value, or one per group.</param>
    public ReduceLROnPlateau(IScheduledOptimizer optimizer, PlateauOptions? options = null, IReadOnlyList<double>? minLr = null)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        Optimizer = optimizer;
        Tracker = new PlateauTracker(options ?? new PlateauOptions());
        IReadOnlyList<double> m = minLr ?? [0.0];
        if (m.Count != 1 && m.Count != optimizer.Groups.Count)
        {
            throw new ArgumentException($"expected {optimizer.Groups.Count} min_lrs, got {m.Count}", nameof(minLr));
        }

        minLrs = m.Count == 1 ? Enumerable.Repeat(m[0], optimizer.Groups.Count).ToArray() : m.ToArray();
        foreach (double v in minLrs)
        {
            ScheduleChecks.NonNegative(v, "min_lr");
        }

        lastLearningRates = optimizer.Groups.Select(g => g.LearningRate).ToArray();
    }

    /// <summary>The optimizer.</summary>
    public IScheduledOptimizer Optimizer { get; }

    /// <summary>The plateau bookkeeping (best, bad epochs, cooldown).</summary>
    public PlateauTracker Tracker { get; }

    /// <summary>PyTorch <c>min_lrs</c>.</summary>
    public IReadOnlyList<double> MinLearningRates => minLrs;

    /// <inheritdoc/>
    public IReadOnlyList<double> LastLearningRates => lastLearningRates;

    /// <inheritdoc/>
    public void Step(double metric)
    {
        Tracker.Observe(metric, Reduce);
        lastLearningRates = Optimizer.Groups.Select(g => g.LearningRate).ToArray();
    }

    private bool Reduce()
    {
        bool changed = false;
        var o = Tracker.Options;
        for (int i = 0; i < Optimizer.Groups.Count; i++)
        {
            var group = Optimizer.Groups[i];
            double old = group.LearningRate;
            double candidate = Math.Max(old * o.Factor, minLrs[i]);
            bool apply = o.Semantics == PlateauSemantics.PyTorch ? old - candidate > o.Eps : old > minLrs[i];
            if (apply)
            {
                group.LearningRate = candidate;
                changed = true;
            }
        }

        return changed;
    }

    /// <inheritdoc/>
    public JsonObject SaveState()
    {
        var state = Tracker.SaveState();
        state["type"] = nameof(ReduceLROnPlateau);
        state["lr"] = ScheduleJson.Array(Optimizer.Groups.Select(g => g.LearningRate));
        return state;
    }

    /// <inheritdoc/>
    public void LoadState(JsonObject state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state["type"]?.GetValue<string>() != nameof(ReduceLROnPlateau))
        {
            throw new ArgumentException("The state is not a ReduceLROnPlateau state.", nameof(state));
        }

        double[] lrs = ScheduleJson.Doubles(state, "lr");
        if (lrs.Length != Optimizer.Groups.Count)
        {
            throw new ArgumentException($"The state has {lrs.Length} parameter groups; the optimizer has {Optimizer.Groups.Count}.", nameof(state));
        }

        Tracker.LoadState(state);
        for (int i = 0; i < lrs.Length; i++)
        {
            Optimizer.Groups[i].LearningRate = lrs[i];
        }

        lastLearningRates = lrs;
    }
}
