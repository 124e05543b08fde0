using NotebookKit.Nn;

namespace NotebookKit.Optim;

/// <summary>AdamW (PyTorch <c>torch.optim.AdamW</c>; Loshchilov &amp; Hutter 2019): Adam with decoupled weight decay.</summary>
/// <remarks>
/// PyTorch 1.13 <c>_single_tensor_adamw</c>: <c>p ← p·(1 − lr·λ)</c> first (even when λ = 0), then the Adam step from the raw
/// gradient. The decay is multiplied by the current lr, so a schedule decays it too; PyTorch's λ is the paper's λ/α.
/// <see cref="WeightDecayMode.Scheduled"/> uses the paper's <c>η_t·λ</c> with η_t = lr/initial_lr instead.
/// </remarks>
public sealed class AdamW : Optimizer<AdamWOptions>
{
    /// <summary>One group (PyTorch <c>AdamW(params, lr=..., weight_decay=...)</c>).</summary>
    public AdamW(IEnumerable<Parameter> parameters, AdamWOptions options)
        : this([new ParameterGroup<AdamWOptions>(parameters, options)])
    {
    }

    /// <summary>Several groups with their own options (see <see cref="ParameterGroups.NoDecayForOneDimensional{TOptions}"/>).</summary>
    public AdamW(IEnumerable<ParameterGroup<AdamWOptions>> groups)
        : base("AdamW", groups)
    {
    }

    private protected override IReadOnlyCollection<string> BufferNames => AdamCore.BufferNames;

    private protected override void Update(ParameterGroup<AdamWOptions> group, Parameter parameter, ParameterState state)
    {
        AdamWOptions o = group.Options;
        double lr = group.LearningRate;
        AdamCore.Update(parameter, state, lr, group.Momentum, o.Beta2, o.Epsilon, o.AmsGrad, o.KerasEpsilon, Prelude(group, lr, o.Maximize), Threads);
    }
}
