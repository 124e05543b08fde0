using System.Text.Json.Nodes;

namespace NotebookKit.Schedules;

/// <summary>The metric bookkeeping of a plateau reducer (best, bad epochs, cooldown), PyTorch or Keras rules.</summary>
/// <remarks>
/// The tracker decides <em>when</em> to try a reduction; the caller applies it (to optimizer groups, or to a
/// multiplier over a pure schedule) and reports whether anything changed, which Keras's rules depend on.
/// </remarks>
public sealed class PlateauTracker
{
    /// <summary>Creates a tracker in its initial state.</summary>
    public PlateauTracker(PlateauOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        Reset();
    }

    /// <summary>The options.</summary>
    public PlateauOptions Options { get; }

    /// <summary>The best metric so far (PyTorch <c>best</c>); ±∞ before the first.</summary>
    public double Best { get; private set; }

    /// <summary>Consecutive bad epochs (PyTorch <c>num_bad_epochs</c>, Keras <c>wait</c>).</summary>
    public int BadEpochs { get; private set; }

    /// <summary>Epochs of cooldown left (PyTorch <c>cooldown_counter</c>).</summary>
    public int CooldownCounter { get; private set; }

    /// <summary>Metrics observed (PyTorch <c>last_epoch</c>).</summary>
    public long Epochs { get; private set; }

    /// <summary>Forgets the history (PyTorch <c>_reset</c>).</summary>
    public void Reset()
    {
        Best = Options.Mode == PlateauMode.Min ? double.PositiveInfinity : double.NegativeInfinity;
        BadEpochs = 0;
        CooldownCounter = 0;
    }

    /// <summary>Whether <paramref name="metric"/> improves on <see cref="Best"/> (PyTorch <c>is_better</c>; Keras <c>monitor_op(current − min_delta, best)</c>).</summary>
    public bool IsBetter(double metric)
    {
        var o = Options;
        bool relative = o.Semantics == PlateauSemantics.PyTorch && o.ThresholdMode == PlateauThresholdMode.Relative;
        return (o.Mode, relative) switch
        {
            (PlateauMode.Min, true) => metric < Best * (1.0 - o.Threshold),
            (PlateauMode.Min, false) => metric < Best - o.Threshold,
            (PlateauMode.Max, true) => metric > Best * (o.Threshold + 1.0),
            _ => metric > Best + o.Threshold,
        };
    }

    /// <summary>Observes one epoch's metric; calls <paramref name="tryReduce"/> when a reduction is due.</summary>
    /// <param name="metric">The monitored value.</param>
    /// <param name="tryReduce">Applies the reduction; returns whether any value changed.</param>
    /// <returns>Whether a reduction was attempted.</returns>
    public bool Observe(double metric, Func<bool> tryReduce)
    {
        ArgumentNullException.ThrowIfNull(tryReduce);
        Epochs++;
        return Options.Semantics == PlateauSemantics.PyTorch ? ObserveTorch(metric, tryReduce) : ObserveKeras(metric, tryReduce);
    }

    private bool ObserveTorch(double metric, Func<bool> tryReduce)
    {
        if (IsBetter(metric))
        {
            Best = metric;
            BadEpochs = 0;
        }
        else
        {
            BadEpochs++;
        }

        if (CooldownCounter > 0)
        {
            CooldownCounter--;
            BadEpochs = 0;
        }

        if (BadEpochs > Options.Patience)
        {
            tryReduce();
            CooldownCounter = Options.Cooldown;
            BadEpochs = 0;
            return true;
        }

        return false;
    }

    private bool ObserveKeras(double metric, Func<bool> tryReduce)
    {
        // Keras's order: the cooldown counter is decremented first and "in cooldown" is read afterwards, so the last
        // cooldown epoch already counts (cooldown=1 changes nothing).
        if (CooldownCounter > 0)
        {
            CooldownCounter--;
            BadEpochs = 0;
        }

        if (IsBetter(metric))
        {
            Best = metric;
            BadEpochs = 0;
            return false;
        }

        if (CooldownCounter > 0)
        {
            return false;
        }

        BadEpochs++;
        if (BadEpochs >= Options.Patience)
        {
            if (tryReduce())
            {
                CooldownCounter = Options.Cooldown;
                BadEpochs = 0;
            }

            return true;
        }

        return false;
    }

    /// <summary>The counters as JSON.</summary>
    public JsonObject SaveState() => new()
    {
        ["best"] = double.IsFinite(Best) ? Best : null,
        ["num_bad_epochs"] = BadEpochs,
        ["cooldown_counter"] = CooldownCounter,
        ["last_epoch"] = Epochs,
    };

    /// <summary>Restores counters saved by <see cref="SaveState"/>.</summary>
    public void LoadState(JsonObject state)
    {
        ArgumentNullException.ThrowIfNull(state);
        Reset();
        if (state["best"] is JsonNode best)
        {
            Best = best.GetValue<double>();
        }

        BadEpochs = state["num_bad_epochs"]?.GetValue<int>() ?? throw new ArgumentException("plateau state lacks 'num_bad_epochs'.", nameof(state));
        CooldownCounter = state["cooldown_counter"]?.GetValue<int>() ?? throw new ArgumentException("plateau state lacks 'cooldown_counter'.", nameof(state));
        Epochs = state["last_epoch"]?.GetValue<long>() ?? throw new ArgumentException("plateau state lacks 'last_epoch'.", nameof(state));
    }
}
