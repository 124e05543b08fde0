using NotebookKit.Nn;
using NotebookKit.Optim.Kernels;

namespace NotebookKit.Optim;

/// <summary>Stochastic gradient descent with momentum (PyTorch <c>torch.optim.SGD</c>), SGDW, and Keras's form.</summary>
/// <remarks>
/// PyTorch 1.13 <c>_single_tensor_sgd</c>, in float32:
/// <code>
/// d = maximize ? −g : g;  d += wd·p (L2 mode)
/// buf = d on its first step, else buf·μ + (1 − dampening)·d
/// d = nesterov ? d + μ·buf : buf;  p −= lr·d
/// </code>
/// The velocity excludes lr, so a schedule change rescales the whole step at once. In the decoupled modes p is first
/// multiplied by <c>1 − lr·λ</c> (or <c>1 − (lr/initial_lr)·λ</c>), as SGDW does (Loshchilov &amp; Hutter 2019).
/// Without momentum, L2 with λ and Decoupled with λ are the same update: <c>p − lr·g − lr·λ·p</c>.
/// </remarks>
public sealed class Sgd : Optimizer<SgdOptions>
{
    private static readonly string[] Names = ["momentum_buffer"];

    /// <summary>One group with <paramref name="options"/> (PyTorch <c>SGD(params, lr, ...)</c>).</summary>
    public Sgd(IEnumerable<Parameter> parameters, SgdOptions options)
        : this([new ParameterGroup<SgdOptions>(parameters, options)])
    {
    }

    /// <summary>Several groups, each with its own options (PyTorch <c>SGD([{'params': ...}, ...])</c>).</summary>
    public Sgd(IEnumerable<ParameterGroup<SgdOptions>> groups)
        : base("SGD", groups)
    {
    }

    private protected override IReadOnlyCollection<string> BufferNames => Names;

    private protected override void Update(ParameterGroup<SgdOptions> group, Parameter parameter, ParameterState state)
    {
        SgdOptions o = group.Options;
        double lr = group.LearningRate / (1 + (o.KerasDecay * (state.Step - 1)));
        double momentum = group.Momentum;
        bool hasMomentum = momentum != 0;
        bool first = hasMomentum && !state.Buffers.ContainsKey(Names[0]);
        float[]? buffer = hasMomentum ? state.Buffer(Names[0], parameter.Length) : null;
        var op = new SgdOperator
        {
            Prelude = Prelude(group, lr, o.Maximize),
            HasMomentum = hasMomentum,
            FirstStep = first,
            Nesterov = o.Nesterov,
            Keras = o.KerasMomentum,
            Momentum = (float)momentum,
            OneMinusDampening = (float)(1 - o.Dampening),
            LearningRate = (float)lr,
            NegativeLearningRate = (float)-lr,
        };
        UpdateEngine.Run(op, parameter.Value, parameter.Grad, buffer, null, null, Threads);
    }
}
