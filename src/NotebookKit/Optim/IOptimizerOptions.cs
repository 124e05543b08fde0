using NotebookKit.Schedules.Torch;

namespace NotebookKit.Optim;

/// <summary>What every optimizer's options record has (PyTorch <c>defaults</c> of a <c>param_group</c>).</summary>
public interface IOptimizerOptions
{
    /// <summary>The initial learning rate (PyTorch <c>lr</c>); groups copy it into their mutable knob.</summary>
    double LearningRate { get; }

    /// <summary>The weight-decay factor λ (PyTorch <c>weight_decay</c>).</summary>
    double WeightDecay { get; }

    /// <summary>How <see cref="WeightDecay"/> is applied.</summary>
    WeightDecayMode WeightDecayMode { get; }

    /// <summary>What the momentum knob controls for this optimizer.</summary>
    MomentumKind MomentumKind { get; }

    /// <summary>The initial momentum knob (SGD/RMSprop <c>momentum</c>, Adam <c>betas[0]</c>; 0 when there is none).</summary>
    double InitialMomentum { get; }

    /// <summary>Checks every rule and throws <see cref="ArgumentException"/> naming the PyTorch argument that broke it.</summary>
    void Validate();
}

/// <summary>Options that can produce a copy with another weight decay or learning rate (for per-group options).</summary>
/// <typeparam name="TSelf">The options record itself.</typeparam>
public interface IOptimizerOptions<out TSelf> : IOptimizerOptions
    where TSelf : IOptimizerOptions
{
    /// <summary>A copy with <see cref="IOptimizerOptions.WeightDecay"/> replaced.</summary>
    TSelf WithWeightDecay(double weightDecay);

    /// <summary>A copy with <see cref="IOptimizerOptions.LearningRate"/> replaced (one parameter group per learning rate).</summary>
    TSelf WithLearningRate(double learningRate);
}
