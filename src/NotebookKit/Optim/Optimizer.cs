using NotebookKit.Nn;
using NotebookKit.Optim.Kernels;
using NotebookKit.Schedules.Torch;

namespace NotebookKit.Optim;

/// <summary>The common part of every optimizer: groups, per-parameter state by name, save/load, threads.</summary>
/// <typeparam name="TOptions">The options record of the concrete optimizer.</typeparam>
/// <remarks>
/// <see cref="Step"/> visits each group's parameters in order, increments the parameter's step count and runs one
/// fused kernel over its buffers (PyTorch 1.13's single-tensor path, with the same float32 operation order).
/// </remarks>
public abstract class Optimizer<TOptions> : IOptimizer
    where TOptions : class, IOptimizerOptions
{
    private readonly ParameterGroup<TOptions>[] groups;
    private readonly Dictionary<string, ParameterState> states = new(StringComparer.Ordinal);
    private int threads = OptimizerThreads.Default;

    private protected Optimizer(string name, IEnumerable<ParameterGroup<TOptions>> parameterGroups)
    {
        ArgumentNullException.ThrowIfNull(parameterGroups);
        Name = name;
        groups = parameterGroups.ToArray();
        if (groups.Length == 0)
        {
            throw new ArgumentException($"{name}: optimizer got an empty parameter list.", nameof(parameterGroups));
        }

        foreach (var group in groups)
        {
            ArgumentNullException.ThrowIfNull(group, nameof(parameterGroups));
            foreach (Parameter p in group.Parameters)
            {
                if (!states.TryAdd(p.Name, new ParameterState()))
                {
                    throw new ArgumentException($"{name}: parameter '{p.Name}' appears more than once (state is saved by name, so names must be unique and a parameter may be in one group only).", nameof(parameterGroups));
                }
            }
        }

        foreach (var group in groups)
        {
            foreach (Parameter p in group.Parameters)
            {
                InitializeState(group, p, states[p.Name]);
            }
        }
    }

    /// <summary>The PyTorch class name, e.g. <c>AdamW</c>; saved in <see cref="OptimizerState.Optimizer"/>.</summary>
    public string Name { get; }

    /// <summary>The typed parameter groups, with their options.</summary>
    public IReadOnlyList<ParameterGroup<TOptions>> ParameterGroups => groups;

    /// <inheritdoc/>
    public IReadOnlyList<IParameterGroup> Groups => groups;

    /// <summary>The number of <see cref="Step"/> calls so far.</summary>
    public long StepCount { get; private set; }

    /// <summary>How many threads a large parameter's update may use (default <see cref="OptimizerThreads.Default"/>); never changes results.</summary>
    public int Threads
    {
        get => threads;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            threads = value;
        }
    }

    /// <summary>The buffer names this optimizer may hold (for validating loaded state).</summary>
    private protected abstract IReadOnlyCollection<string> BufferNames { get; }

    /// <inheritdoc/>
    public void Step()
    {
        foreach (var group in groups)
        {
            foreach (Parameter p in group.Parameters)
            {
                ParameterState state = states[p.Name];
                state.Step++;
                Update(group, p, state);
            }
        }

        StepCount++;
    }

    /// <inheritdoc/>
    public void ZeroGrad()
    {
        foreach (var group in groups)
        {
            foreach (Parameter p in group.Parameters)
            {
                p.ZeroGrad();
            }
        }
    }

    /// <inheritdoc/>
    public OptimizerState Save()
    {
        var steps = new Dictionary<string, long>(StringComparer.Ordinal);
        var buffers = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var (name, state) in states)
        {
            steps[name] = state.Step;
            foreach (var (bufferName, buffer) in state.Buffers)
            {
                buffers[$"{name}/{bufferName}"] = (float[])buffer.Clone();
            }
        }

        return new OptimizerState(
            Name,
            groups.Select(g => g.LearningRate).ToArray(),
            groups.Select(g => g.MomentumKind == MomentumKind.None ? 0.0 : g.Momentum).ToArray(),
            steps,
            buffers);
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The state belongs to another optimizer type, group layout or set of parameters.</exception>
    public void Load(OptimizerState state)
    {
        ArgumentNullException.ThrowIfNull(state);

        // Validate everything first, so a refused state leaves this optimizer untouched.
        if (state.Optimizer != Name)
        {
            throw new ArgumentException($"Cannot load {state.Optimizer} state into {Name}.", nameof(state));
        }

        if (state.LearningRates.Count != groups.Length || state.Momenta.Count != groups.Length)
        {
            throw new ArgumentException($"The state has {state.LearningRates.Count} parameter groups; this {Name} has {groups.Length}.", nameof(state));
        }

        var missing = states.Keys.Where(k => !state.Steps.ContainsKey(k)).ToList();
        var extra = state.Steps.Keys.Where(k => !states.ContainsKey(k)).ToList();
        if (missing.Count > 0 || extra.Count > 0)
        {
            throw new ArgumentException(
                $"The saved {Name} state is for other parameters: missing [{string.Join(", ", missing)}], unknown [{string.Join(", ", extra)}].", nameof(state));
        }

        var lengths = groups.SelectMany(g => g.Parameters).ToDictionary(p => p.Name, p => p.Length, StringComparer.Ordinal);
        foreach (var (key, buffer) in state.Buffers)
        {
            int slash = key.LastIndexOf('/');
            string parameter = slash < 0 ? "" : key[..slash];
            string bufferName = key[(slash + 1)..];
            if (!lengths.TryGetValue(parameter, out int length) || !BufferNames.Contains(bufferName))
            {
                throw new ArgumentException($"The saved state has a buffer '{key}' that {Name} with these parameters does not use.", nameof(state));
            }

            if (buffer is null || buffer.Length != length)
            {
                throw new ArgumentException($"Buffer '{key}' has {buffer?.Length ?? 0} elements; parameter '{parameter}' has {length}.", nameof(state));
            }
        }

        for (int i = 0; i < groups.Length; i++)
        {
            OptimizerChecks.LearningRate(state.LearningRates[i]);
        }

        foreach (var (name, s) in states)
        {
            s.Step = state.Steps[name];
            s.Buffers.Clear();
        }

        foreach (var (key, buffer) in state.Buffers)
        {
            int slash = key.LastIndexOf('/');
            states[key[..slash]].Buffers[key[(slash + 1)..]] = (float[])buffer.Clone();
        }

        for (int i = 0; i < groups.Length; i++)
        {
            groups[i].LearningRate = state.LearningRates[i];
            if (groups[i].MomentumKind != MomentumKind.None)
            {
                groups[i].Momentum = state.Momenta[i];
            }
        }
    }

    /// <summary>Creates state PyTorch creates in the constructor (Adagrad's accumulator); nothing by default.</summary>
    private protected virtual void InitializeState(ParameterGroup<TOptions> group, Parameter parameter, ParameterState state)
    {
    }

    /// <summary>Applies one update to <paramref name="parameter"/>; <paramref name="state"/>.Step is already incremented.</summary>
    private protected abstract void Update(ParameterGroup<TOptions> group, Parameter parameter, ParameterState state);

    /// <summary>The sign and weight decay every operator applies first, for this step's learning rate.</summary>
    /// <remarks>
    /// L2 mode folds <c>λ·p</c> into the gradient; the decoupled modes multiply p by <c>1 − rate·λ</c>, where rate is lr, or
    /// lr/initial_lr in the scheduled mode (<see cref="ParameterGroup{TOptions}.DecayRate"/>).
    /// </remarks>
    private protected static GradientPrelude Prelude(ParameterGroup<TOptions> group, double lr, bool maximize)
    {
        var o = group.Options;
        bool l2 = o.WeightDecayMode == WeightDecayMode.L2;
        return new GradientPrelude
        {
            Maximize = maximize,
            L2 = l2 ? (float)o.WeightDecay : 0f,
            Decoupled = !l2,
            DecayFactor = l2 ? 1f : (float)(1 - (group.DecayRate(lr) * o.WeightDecay)),
        };
    }
}
