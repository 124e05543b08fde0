using NotebookKit.Nn;
using NotebookKit.Optim.Kernels;

namespace NotebookKit.Optim;

/// <summary>RMSprop (PyTorch <c>torch.optim.RMSprop</c>; Hinton's lecture 6e), with centering and momentum.</summary>
/// <remarks>
/// PyTorch 1.13 <c>_single_tensor_rmsprop</c>, float32, no bias correction (hence the large first step, ≈ 10·lr with α = 0.99):
/// <code>
/// g = ±g (+ λ·p);  sq = sq·α + (1−α)·g·g
/// avg = sqrt(sq − ga·ga) + eps with ga = ga·α + (1−α)·g when centered, else sqrt(sq) + eps
/// momentum: buf = buf·μ + g/avg; p −= lr·buf      else: p −= lr·g/avg
/// </code>
/// </remarks>
public sealed class RMSprop : Optimizer<RMSpropOptions>
{
    private static readonly string[] Names = ["square_avg", "grad_avg", "momentum_buffer"];

    /// <summary>One group (PyTorch <c>RMSprop(params, lr=..., ...)</c>).</summary>
    public RMSprop(IEnumerable<Parameter> parameters, RMSpropOptions options)
        : this([new ParameterGroup<RMSpropOptions>(parameters, options)])
    {
    }

    /// <summary>Several groups with their own options.</summary>
    public RMSprop(IEnumerable<ParameterGroup<RMSpropOptions>> groups)
        : base("RMSprop", groups)
    {
    }

    private protected override IReadOnlyCollection<string> BufferNames => Names;

    private protected override void Update(ParameterGroup<RMSpropOptions> group, Parameter parameter, ParameterState state)
    {
        RMSpropOptions o = group.Options;
        int n = parameter.Length;
        double lr = group.LearningRate;
        double momentum = group.Momentum;
        var op = new RMSpropOperator
        {
            Prelude = Prelude(group, lr, o.Maximize),
            Alpha = (float)o.Alpha,
            OneMinusAlpha = (float)(1 - o.Alpha),
            Centered = o.Centered,
            HasMomentum = momentum > 0,
            Momentum = (float)momentum,
            Epsilon = (float)o.Epsilon,
            NegativeLearningRate = (float)-lr,
        };
        UpdateEngine.Run(
            op,
            parameter.Value,
            parameter.Grad,
            state.Buffer(Names[0], n),
            o.Centered ? state.Buffer(Names[1], n) : null,
            momentum > 0 ? state.Buffer(Names[2], n) : null,
            Threads);
    }
}
