using NotebookKit.Nn;
using NotebookKit.Schedules.Torch;

namespace NotebookKit.Optim;

/// <summary>Parameters that share one set of options (PyTorch <c>optimizer.param_groups[i]</c>).</summary>
/// <typeparam name="TOptions">The optimizer's options record, e.g. <see cref="SgdOptions"/>.</typeparam>
/// <remarks>
/// <see cref="Options"/> is immutable; <see cref="LearningRate"/> and <see cref="Momentum"/> are the knobs
/// schedulers turn, and <see cref="InitialLearningRate"/> is PyTorch's <c>initial_lr</c>, which the first scheduler
/// records (see <see cref="ILearningRateGroup"/>).
/// </remarks>
public sealed class ParameterGroup<TOptions> : IParameterGroup
    where TOptions : class, IOptimizerOptions
{
    private double learningRate;
    private double momentum;
    private double? initialLearningRate;

    /// <summary>Creates a group; the options are validated.</summary>
    /// <param name="parameters">The parameters (at least one).</param>
    /// <param name="options">The group's hyperparameters.</param>
    public ParameterGroup(IEnumerable<Parameter> parameters, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Parameter[] list = parameters.ToArray();
        if (list.Length == 0)
        {
            throw new ArgumentException("A parameter group needs at least one parameter (PyTorch: \"optimizer got an empty parameter list\").", nameof(parameters));
        }

        if (Array.Exists(list, p => p is null))
        {
            throw new ArgumentException("A parameter group cannot contain null.", nameof(parameters));
        }

        if (options.WeightDecayMode == WeightDecayMode.Scheduled && options.WeightDecay != 0 && !(options.LearningRate > 0))
        {
            throw new ArgumentException("weight_decay_mode 'scheduled' divides by the initial lr, so lr must be > 0.", "lr");
        }

        Parameters = list;
        Options = options;
        learningRate = options.LearningRate;
        momentum = options.InitialMomentum;
    }

    /// <inheritdoc/>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>The group's immutable hyperparameters.</summary>
    public TOptions Options { get; }

    /// <inheritdoc/>
    public double? InitialLearningRate
    {
        get => initialLearningRate;
        set
        {
            if (value is { } v)
            {
                OptimizerChecks.LearningRate(v);
            }

            initialLearningRate = value;
        }
    }

    /// <inheritdoc/>
    public double LearningRate
    {
        get => learningRate;
        set
        {
            OptimizerChecks.LearningRate(value);
            learningRate = value;
        }
    }

    /// <inheritdoc/>
    public MomentumKind MomentumKind => Options.MomentumKind;

    /// <inheritdoc/>
    public double Momentum
    {
        get => momentum;
        set
        {
            switch (MomentumKind)
            {
                case MomentumKind.None:
                    throw new InvalidOperationException($"{typeof(TOptions).Name.Replace("Options", "", StringComparison.Ordinal)} has no momentum to set.");
                case MomentumKind.Beta1:
                    OptimizerChecks.Beta(value, 0);
                    break;
                default:
                    OptimizerChecks.NonNegative(value, "momentum", "momentum");
                    break;
            }

            momentum = value;
        }
    }

    /// <summary>The rate that multiplies the decoupled decay this step: lr, or lr/lr₀ in the scheduled mode (lr₀: the options' lr).</summary>
    internal double DecayRate(double lr) => Options.WeightDecayMode == WeightDecayMode.Scheduled ? lr / Options.LearningRate : lr;
}
