using NotebookKit.Nn;

namespace NotebookKit.Optim;

/// <summary>Adam (PyTorch <c>torch.optim.Adam</c>; Kingma &amp; Ba 2015), with amsgrad, L2 weight decay and maximize.</summary>
/// <remarks>
/// PyTorch 1.13 <c>_single_tensor_adam</c>, float32:
/// <code>
/// g = ±g;  g += λ·p (L2);  m = m·β1 + (1−β1)·g;  v = v·β2 + (1−β2)·g·g
/// p −= (lr/(1−β1^t))·m / (sqrt(v or max(v))/sqrt(1−β2^t) + eps)
/// </code>
/// ε sits on the bias-corrected scale; amsgrad keeps the maximum of the raw v. With L2, λ·p is divided by sqrt(v̂), so
/// weights with large past gradients are regularised less: use <see cref="AdamW"/> for decoupled decay.
/// </remarks>
public sealed class Adam : Optimizer<AdamOptions>
{
    /// <summary>One group (PyTorch <c>Adam(params, lr=..., ...)</c>).</summary>
    public Adam(IEnumerable<Parameter> parameters, AdamOptions options)
        : this([new ParameterGroup<AdamOptions>(parameters, options)])
    {
    }

    /// <summary>Several groups with their own options.</summary>
    public Adam(IEnumerable<ParameterGroup<AdamOptions>> groups)
        : base("Adam", groups)
    {
    }

    private protected override IReadOnlyCollection<string> BufferNames => AdamCore.BufferNames;

    private protected override void Update(ParameterGroup<AdamOptions> group, Parameter parameter, ParameterState state)
    {
        AdamOptions o = group.Options;
        double lr = group.LearningRate;
        AdamCore.Update(parameter, state, lr, group.Momentum, o.Beta2, o.Epsilon, o.AmsGrad, o.KerasEpsilon, Prelude(group, lr, o.Maximize), Threads);
    }
}
