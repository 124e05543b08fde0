using NotebookKit.Nn;
using NotebookKit.Optim.Kernels;

namespace NotebookKit.Optim;

/// <summary>Adagrad (PyTorch <c>torch.optim.Adagrad</c>; Duchi et al. 2011), dense gradients.</summary>
/// <remarks>
/// PyTorch 1.13 <c>_single_tensor_adagrad</c>, float32: <c>g = ±g (+ λ·p)</c>; <c>clr = lr/(1 + (t−1)·lr_decay)</c>;
/// <c>sum += g·g</c>; <c>p −= clr·g/(sqrt(sum) + eps)</c>. The accumulator is created in the constructor, filled with
/// <c>initial_accumulator_value</c>, as PyTorch does. Adagrad has no momentum knob (<see cref="Schedules.Torch.MomentumKind.None"/>).
/// </remarks>
public sealed class Adagrad : Optimizer<AdagradOptions>
{
    private static readonly string[] Names = ["sum"];

    /// <summary>One group (PyTorch <c>Adagrad(params, lr=..., ...)</c>).</summary>
    public Adagrad(IEnumerable<Parameter> parameters, AdagradOptions options)
        : this([new ParameterGroup<AdagradOptions>(parameters, options)])
    {
    }

    /// <summary>Several groups with their own options.</summary>
    public Adagrad(IEnumerable<ParameterGroup<AdagradOptions>> groups)
        : base("Adagrad", groups)
    {
    }

    private protected override IReadOnlyCollection<string> BufferNames => Names;

    private protected override void InitializeState(ParameterGroup<AdagradOptions> group, Parameter parameter, ParameterState state) =>
        state.Buffer(Names[0], parameter.Length, (float)group.Options.InitialAccumulatorValue);

    private protected override void Update(ParameterGroup<AdagradOptions> group, Parameter parameter, ParameterState state)
    {
        AdagradOptions o = group.Options;
        double lr = group.LearningRate;
        double clr = lr / (1 + ((state.Step - 1) * o.LearningRateDecay));
        var op = new AdagradOperator
        {
            Prelude = Prelude(group, lr, o.Maximize),
            Epsilon = (float)o.Epsilon,
            NegativeClr = (float)-clr,
        };
        UpdateEngine.Run(op, parameter.Value, parameter.Grad, state.Buffer(Names[0], parameter.Length), null, null, Threads);
    }
}
