using System.Text.Json.Nodes;

namespace NotebookKit.Schedules.Torch;

/// <summary>The PyTorch 1.13 scheduler base (<c>torch.optim.lr_scheduler._LRScheduler</c>), reproducing its numbers.</summary>
/// <remarks>
/// <para>Construction performs PyTorch's initial step (<see cref="LastEpoch"/> becomes 0 and the groups get the
/// epoch-0 rate). Each <see cref="Step()"/> then applies PyTorch's <c>get_lr()</c>, the chainable (recursive) form,
/// which reads the group's current rate: changes made by other schedulers compose, exactly as in PyTorch.
/// <see cref="LastEpoch"/> counts <see cref="Step()"/> calls, whatever their cadence (epochs or batches).</para>
/// <para>Schedulers are always built fresh (PyTorch <c>last_epoch=-1</c>); resume with <see cref="SaveState"/> and
/// <see cref="LoadState"/>, which, unlike PyTorch, also restores the groups' rates (pytorch#65342).</para>
/// </remarks>
public abstract class LRScheduler : ILRScheduler
{
    private double[] lastLearningRates = [];

    /// <summary>Attaches to <paramref name="optimizer"/> and records its groups' initial rates (PyTorch <c>initial_lr</c>).</summary>
    protected LRScheduler(IScheduledOptimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        if (optimizer.Groups.Count == 0)
        {
            throw new ArgumentException("The optimizer has no parameter groups.", nameof(optimizer));
        }

        Optimizer = optimizer;
        BaseLearningRates = RecordInitialLearningRates(optimizer);
        LastEpoch = -1;
    }

    /// <summary>The optimizer whose groups this scheduler writes.</summary>
    public IScheduledOptimizer Optimizer { get; }

    /// <summary>Each group's base rate (PyTorch <c>base_lrs</c>, from <c>initial_lr</c>); the scheduler's own copy, saved with its state.</summary>
    public IReadOnlyList<double> BaseLearningRates { get; private protected set; }

    /// <inheritdoc/>
    public long LastEpoch { get; private protected set; }

    /// <inheritdoc/>
    public virtual SchedulerInterval Interval => SchedulerInterval.Epoch;

    /// <inheritdoc/>
    public IReadOnlyList<double> LastLearningRates => lastLearningRates;

    /// <summary>PyTorch <c>_step_count</c>: 1 after construction, +1 per step (CosineAnnealingLR's resume branch reads it).</summary>
    internal long StepCount { get; private protected set; }

    /// <inheritdoc/>
    public virtual void Step()
    {
        StepCount++;
        LastEpoch++;
        Apply(GetLearningRates());
    }

    /// <summary>PyTorch <c>step(epoch)</c>: jumps to <paramref name="epoch"/> through the closed form where the class has one (SequentialLR uses it at milestones).</summary>
    internal virtual void StepAt(long epoch)
    {
        StepCount++;
        LastEpoch = epoch;
        Apply(GetClosedFormLearningRates() ?? GetLearningRates());
    }

    /// <summary>SequentialLR's "undo" of the initial step each child took in its constructor.</summary>
    internal virtual void UndoInitialStep() => LastEpoch--;

    /// <summary>PyTorch <c>_initial_step()</c>; derived constructors call it last, once their fields are set.</summary>
    protected internal void InitialStep()
    {
        StepCount = 0;
        Step();
    }

    /// <summary>PyTorch <c>get_lr()</c> at <see cref="LastEpoch"/>: the chainable form.</summary>
    protected abstract double[] GetLearningRates();

    /// <summary>PyTorch <c>_get_closed_form_lr()</c> at <see cref="LastEpoch"/>, or null where the class has none.</summary>
    protected virtual double[]? GetClosedFormLearningRates() => null;

    /// <summary>Group <paramref name="i"/>'s current rate.</summary>
    protected double GroupRate(int i) => Optimizer.Groups[i].LearningRate;

    /// <summary>Every group's current rate times <paramref name="factor"/> (or unchanged when null).</summary>
    protected double[] GroupRates(double? factor = null) =>
        Optimizer.Groups.Select(g => factor is { } f ? g.LearningRate * f : g.LearningRate).ToArray();

    /// <summary>Writes the rates into the groups and records them (PyTorch <c>_last_lr</c>).</summary>
    private protected void Apply(double[] values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]) || values[i] < 0)
            {
                throw new InvalidOperationException(
                    $"{GetType().Name} drove the learning rate of parameter group {i} to {values[i].ToString(System.Globalization.CultureInfo.InvariantCulture)} at step {LastEpoch}; "
                    + "a learning rate must be a finite, non-negative number (check the scheduler's factors, e.g. gamma).");
            }

            Optimizer.Groups[i].LearningRate = values[i];
        }

        RefreshLastLearningRates();
    }

    /// <summary>Re-reads the groups' rates into <see cref="LastLearningRates"/>.</summary>
    private protected void RefreshLastLearningRates() => lastLearningRates = Optimizer.Groups.Select(g => g.LearningRate).ToArray();

    /// <inheritdoc/>
    public JsonObject SaveState()
    {
        var state = new JsonObject
        {
            ["type"] = GetType().Name,
            ["last_epoch"] = LastEpoch,
            ["_step_count"] = StepCount,
            ["base_lrs"] = ScheduleJson.Array(BaseLearningRates),
            ["_last_lr"] = ScheduleJson.Array(lastLearningRates),
            ["lr"] = ScheduleJson.Array(Optimizer.Groups.Select(g => g.LearningRate)),
            ["momentum"] = ScheduleJson.Array(Optimizer.Groups.Select(g => g.MomentumKind == MomentumKind.None ? 0.0 : g.Momentum)),
        };
        SaveExtra(state);
        return state;
    }

    /// <inheritdoc/>
    public void LoadState(JsonObject state)
    {
        ArgumentNullException.ThrowIfNull(state);
        string? type = state["type"]?.GetValue<string>();
        if (type != GetType().Name)
        {
            throw new ArgumentException($"Cannot load a '{type ?? "(untyped)"}' scheduler state into {GetType().Name}.", nameof(state));
        }

        double[] lrs = ScheduleJson.Doubles(state, "lr");
        if (lrs.Length != Optimizer.Groups.Count)
        {
            throw new ArgumentException($"The state has {lrs.Length} parameter groups; the optimizer has {Optimizer.Groups.Count}.", nameof(state));
        }

        LastEpoch = ScheduleJson.Long(state, "last_epoch");
        StepCount = ScheduleJson.Long(state, "_step_count");
        BaseLearningRates = ScheduleJson.Doubles(state, "base_lrs");
        double[] momenta = ScheduleJson.Doubles(state, "momentum");
        for (int i = 0; i < lrs.Length; i++)
        {
            Optimizer.Groups[i].LearningRate = lrs[i];
            if (Optimizer.Groups[i].MomentumKind != MomentumKind.None)
            {
                Optimizer.Groups[i].Momentum = momenta[i];
            }
        }

        LoadExtra(state);
        lastLearningRates = ScheduleJson.Doubles(state, "_last_lr");
    }

    /// <summary>Adds the subclass's own fields to a saved state.</summary>
    private protected virtual void SaveExtra(JsonObject state)
    {
    }

    /// <summary>Restores the subclass's own fields.</summary>
    private protected virtual void LoadExtra(JsonObject state)
    {
    }

    /// <summary>Saves a container's children (SequentialLR, ChainedScheduler) under <c>_schedulers</c>, as PyTorch does.</summary>
    private protected static void SaveChildren(JsonObject state, IReadOnlyList<LRScheduler> children) =>
        state["_schedulers"] = new JsonArray(children.Select(s => (JsonNode)s.SaveState()).ToArray());

    /// <summary>Restores a container's children from <c>_schedulers</c>, keeping the group rates the container restored.</summary>
    /// <remarks>Each child restores the group rates it saved; the container's own saved rates are the ones in force.</remarks>
    private protected void LoadChildren(JsonObject state, IReadOnlyList<LRScheduler> children)
    {
        string name = GetType().Name;
        var saved = state["_schedulers"] as JsonArray ?? throw new ArgumentException($"{name} state lacks '_schedulers'.", nameof(state));
        if (saved.Count != children.Count)
        {
            throw new ArgumentException($"{name} state has {saved.Count} schedulers; this one has {children.Count}.", nameof(state));
        }

        var lrs = GroupRates();
        for (int i = 0; i < children.Count; i++)
        {
            children[i].LoadState((JsonObject)saved[i]!.DeepClone());
        }

        for (int i = 0; i < lrs.Length; i++)
        {
            Optimizer.Groups[i].LearningRate = lrs[i];
        }
    }

    /// <summary>PyTorch <c>group.setdefault('initial_lr', group['lr'])</c> for every group; returns the groups' initial rates.</summary>
    private static double[] RecordInitialLearningRates(IScheduledOptimizer optimizer)
    {
        var rates = new double[optimizer.Groups.Count];
        for (int i = 0; i < rates.Length; i++)
        {
            var group = optimizer.Groups[i];
            group.InitialLearningRate ??= group.LearningRate;
            rates[i] = group.InitialLearningRate.Value;
        }

        return rates;
    }

    /// <summary>Formats a per-group argument: one value is broadcast, a list must have one value per group (PyTorch <c>_format_param</c>).</summary>
    private protected static double[] PerGroup(IScheduledOptimizer optimizer, IReadOnlyList<double> values, string name)
    {
        ArgumentNullException.ThrowIfNull(values);
        int n = optimizer.Groups.Count;
        if (values.Count == 1)
        {
            return Enumerable.Repeat(values[0], n).ToArray();
        }

        if (values.Count != n)
        {
            throw new ArgumentException($"expected {n} values for {name}, got {values.Count}", name);
        }

        return values.ToArray();
    }
}
