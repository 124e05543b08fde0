using System.Text.Json.Nodes;
using NotebookKit.Nn;
using NotebookKit.Optim;
using NotebookKit.Schedules.Torch;

namespace NotebookKit.Tests.Optim;

public sealed class OptimizerStateTests
{
    public static IEnumerable<object[]> Specs() =>
    [
        ["""{"type": "SGD", "lr": 0.1, "momentum": 0.9, "nesterov": true, "weight_decay": 0.01}"""],
        ["""{"type": "SGDW", "lr": 0.1, "momentum": 0.9, "weight_decay": 0.01, "keras_decay": 0.1}"""],
        ["""{"type": "Adam", "lr": 0.01, "amsgrad": true}"""],
        ["""{"type": "AdamW", "lr": 0.01, "weight_decay": 0.1, "weight_decay_mode": "scheduled"}"""],
        ["""{"type": "RMSprop", "lr": 0.01, "centered": true, "momentum": 0.5}"""],
        ["""{"type": "Adagrad", "lr": 0.1, "lr_decay": 0.1, "initial_accumulator_value": 0.1}"""],
    ];

    [Theory]
    [MemberData(nameof(Specs))]
    public void Continuing_after_load_equals_an_uninterrupted_run_bit_for_bit(string json)
    {
        var spec = JsonNode.Parse(json)!.AsObject();
        var straight = Model();
        IOptimizer a = OptimizerSpec.Create(spec, straight);
        Train(a, straight, 0, 10, lrDropAt: 3);

        var first = Model();
        IOptimizer b = OptimizerSpec.Create(spec, first);
        Train(b, first, 0, 5, lrDropAt: 3);
        OptimizerState saved = b.Save();

        // A fresh process: new parameters holding the checkpointed values, a new optimizer, then Load.
        var resumed = Model();
        for (int k = 0; k < resumed.Count; k++)
        {
            first[k].Value.CopyTo(resumed[k].Value, 0);
        }

        IOptimizer c = OptimizerSpec.Create(spec, resumed);
        c.Load(saved);
        Assert.Equal(a.Groups[0].LearningRate, c.Groups[0].LearningRate);
        Train(c, resumed, 5, 10, lrDropAt: 3);
        for (int k = 0; k < straight.Count; k++)
        {
            Assert.Equal(straight[k].Value, resumed[k].Value);
        }
    }

    [Fact]
    public void Saved_state_is_a_copy_keyed_by_parameter_name()
    {
        var model = Model();
        var adam = new Adam(model, new AdamOptions(0.01) { AmsGrad = true });
        Train(adam, model, 0, 2, lrDropAt: -1);
        OptimizerState s = adam.Save();
        Assert.Equal("Adam", s.Optimizer);
        Assert.Equal(2, s.Steps["fc.weight"]);
        Assert.Equal(["fc.bias/exp_avg", "fc.bias/exp_avg_sq", "fc.bias/max_exp_avg_sq", "fc.weight/exp_avg", "fc.weight/exp_avg_sq", "fc.weight/max_exp_avg_sq"], s.Buffers.Keys.Order(StringComparer.Ordinal));
        float before = s.Buffers["fc.weight/exp_avg"][0];
        Train(adam, model, 2, 3, lrDropAt: -1);
        Assert.Equal(before, s.Buffers["fc.weight/exp_avg"][0]);
    }

    [Fact]
    public void Loading_another_optimizer_type_is_refused()
    {
        var model = Model();
        OptimizerState sgd = new Sgd(model, new SgdOptions(0.1)).Save();
        var e = Assert.Throws<ArgumentException>(() => new Adam(model, new AdamOptions()).Load(sgd));
        Assert.Contains("Cannot load SGD state into Adam", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Loading_state_for_other_parameters_names_them()
    {
        var adam = new Adam(Model(), new AdamOptions());
        var other = new Adam([new Parameter("conv.weight", 2, 3), new Parameter("fc.bias", 2)], new AdamOptions());
        var e = Assert.Throws<ArgumentException>(() => adam.Load(other.Save()));
        Assert.Contains("missing [fc.weight]", e.Message, StringComparison.Ordinal);
        Assert.Contains("unknown [conv.weight]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Loading_a_buffer_of_the_wrong_size_is_refused_and_leaves_the_optimizer_unchanged()
    {
        var model = Model();
        var adam = new Adam(model, new AdamOptions());
        Train(adam, model, 0, 1, lrDropAt: -1);
        OptimizerState good = adam.Save();
        var buffers = good.Buffers.ToDictionary(kv => kv.Key, kv => kv.Value);
        buffers["fc.bias/exp_avg"] = new float[7];
        var e = Assert.Throws<ArgumentException>(() => adam.Load(good with { Buffers = buffers, LearningRates = [0.5] }));
        Assert.Contains("'fc.bias/exp_avg' has 7 elements; parameter 'fc.bias' has 3", e.Message, StringComparison.Ordinal);
        Assert.Equal(1e-3, adam.Groups[0].LearningRate);

        buffers = good.Buffers.ToDictionary(kv => kv.Key, kv => kv.Value);
        buffers["fc.bias/momentum_buffer"] = new float[3];
        e = Assert.Throws<ArgumentException>(() => adam.Load(good with { Buffers = buffers }));
        Assert.Contains("'fc.bias/momentum_buffer'", e.Message, StringComparison.Ordinal);

        e = Assert.Throws<ArgumentException>(() => adam.Load(good with { LearningRates = [0.1, 0.1], Momenta = [0.9, 0.9] }));
        Assert.Contains("2 parameter groups", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Adagrad_creates_its_accumulator_eagerly_and_has_no_momentum_knob()
    {
        var model = Model();
        var adagrad = new Adagrad(model, new AdagradOptions { InitialAccumulatorValue = 0.25 });
        OptimizerState s = adagrad.Save();
        Assert.All(s.Buffers["fc.weight/sum"], v => Assert.Equal(0.25f, v));
        Assert.Equal(MomentumKind.None, adagrad.Groups[0].MomentumKind);
        Assert.Throws<InvalidOperationException>(() => adagrad.Groups[0].Momentum = 0.9);
    }

    private static List<Parameter> Model() =>
    [
        new Parameter("fc.weight", [0.5f, -1f, 0.25f, 2f, -0.75f, 1.5f], 2, 3),
        new Parameter("fc.bias", [0.1f, -0.2f, 0.3f], 3),
    ];

    private static void Train(IOptimizer optimizer, List<Parameter> model, int from, int to, int lrDropAt)
    {
        for (int t = from; t < to; t++)
        {
            if (t == lrDropAt)
            {
                optimizer.Groups[0].LearningRate *= 0.5;
            }

            foreach (Parameter p in model)
            {
                for (int i = 0; i < p.Length; i++)
                {
                    // A gradient that depends on the parameter and the step, as in training.
                    p.Grad[i] = (p.Value[i] * (1 + (i % 3))) + (0.05f * ((t % 4) - 1.5f));
                }
            }

            optimizer.Step();
        }
    }
}
