using System.Globalization;
using System.Text.Json.Nodes;
using NotebookKit.Nn;
using NotebookKit.Optim;
using NotebookKit.Specs;

namespace NotebookKit.Tests.Optim;

/// <summary>Bad input: PyTorch's own messages (from the fixture) plus the rule, and spec errors that name the key.</summary>
public sealed class ValidationTests
{
    public static IEnumerable<object[]> PyTorchErrors() => GoldenFixtures.ErrorCases();

    [Theory]
    [MemberData(nameof(PyTorchErrors))]
    public void Bad_hyperparameters_give_pytorchs_message(int index)
    {
        JsonObject c = GoldenFixtures.Error(index);
        var e = Assert.Throws<SpecException>(() => OptimizerSpec.Create(c["optimizer"]!.AsObject().DeepClone().AsObject(), [new Parameter("w", 2)]));
        string pytorch = c["message"]!.GetValue<string>();

        // PyTorch prints Python floats ("1.0", "-1e-08"); compare the text before the number and the number's value.
        int colon = pytorch.LastIndexOf(": ", StringComparison.Ordinal);
        if (colon < 0)
        {
            Assert.Contains(pytorch, e.Message, StringComparison.Ordinal);
            return;
        }

        string prefix = pytorch[..(colon + 2)];
        int at = e.Message.IndexOf(prefix, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{e.Message}' does not contain PyTorch's '{prefix}'");
        string ours = e.Message[(at + prefix.Length)..].Split(' ')[0];
        Assert.Equal(double.Parse(pytorch[(colon + 2)..], CultureInfo.InvariantCulture), double.Parse(ours, CultureInfo.InvariantCulture));
        Assert.Contains("must be", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"type": "SGD", "lr": 0.1, "momentum": 0.9, "nestrov": true}""", "optimizer.nestrov: is not an argument of SGD")]
    [InlineData("""{"type": "SGD"}""", "optimizer.lr: is required for SGD")]
    [InlineData("""{"lr": 0.1}""", "optimizer.type: is required")]
    [InlineData("""{"type": "LBFGS"}""", "optimizer.type: must be one of \"SGD\", \"SGDW\", \"Adam\", \"AdamW\", \"RMSprop\", \"Adagrad\", got \"LBFGS\"")]
    [InlineData("""{"type": "Adam", "betas": [0.9]}""", "optimizer.betas: must be a list of two numbers")]
    [InlineData("""{"type": "Adam", "betas": [0.9, 1.0]}""", "optimizer.betas: Invalid beta parameter at index 1: 1 (betas[1] must be in [0, 1))")]
    [InlineData("""{"type": "AdamW", "lr": "fast"}""", "optimizer.lr: must be a number")]
    [InlineData("""{"type": "SGD", "lr": 0.1, "nesterov": 1}""", "optimizer.nesterov: must be true or false")]
    [InlineData("""{"type": "AdamW", "weight_decay_mode": "l1"}""", "optimizer.weight_decay_mode: must be")]
    [InlineData("""{"type": "Adagrad", "keras_epsilon": true}""", "optimizer.keras_epsilon: is not an argument of Adagrad")]
    [InlineData("""{"type": "SGD", "lr": 0.1, "momentum": 0.9, "dampening": 0.5, "keras_momentum": true}""", "keras_momentum has no dampening")]
    [InlineData("""{"type": "SGDW", "lr": 0.0, "weight_decay": 0.1, "weight_decay_mode": "scheduled"}""", "divides by the initial lr")]
    public void Bad_specs_name_the_key_and_rule(string json, string expected)
    {
        var e = Assert.Throws<SpecException>(() => OptimizerSpec.Create(JsonNode.Parse(json)!.AsObject(), [new Parameter("w", 2)]));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter '", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesterov_needs_momentum_and_no_dampening()
    {
        var p = new Parameter("w", 2);
        var e = Assert.Throws<ArgumentException>(() => new Sgd([p], new SgdOptions(0.1) { Nesterov = true }));
        Assert.Contains("Nesterov momentum requires a momentum and zero dampening", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new Sgd([p], new SgdOptions(0.1) { Nesterov = true, Momentum = 0.9, Dampening = 0.1 }));
    }

    [Fact]
    public void Negative_lr_is_refused_by_options_and_knob()
    {
        var p = new Parameter("w", 2);
        Assert.Throws<ArgumentException>(() => new AdamW([p], new AdamWOptions(-1e-3)));
        Assert.Throws<ArgumentException>(() => new Sgd([p], new SgdOptions(double.NaN)));
        var sgd = new Sgd([p], new SgdOptions(0.1));
        Assert.Throws<ArgumentException>(() => sgd.Groups[0].LearningRate = -0.1);
        Assert.Equal(0.1, sgd.Groups[0].LearningRate);
    }

    [Fact]
    public void Spec_defaults_are_pytorchs()
    {
        var p = new Parameter("w", 2);
        var adamw = (AdamW)OptimizerSpec.Create(new JsonObject { ["type"] = "AdamW" }, [p]);
        Assert.Equal(new AdamWOptions(1e-3) { WeightDecay = 0.01, Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8 }, adamw.ParameterGroups[0].Options);
        var sgdw = (Sgd)OptimizerSpec.Create(new JsonObject { ["type"] = "SGDW", ["lr"] = 0.1, ["weight_decay"] = 0.1 }, [p]);
        Assert.Equal(WeightDecayMode.Decoupled, sgdw.ParameterGroups[0].Options.WeightDecayMode);
        var split = (Adam)OptimizerSpec.Create(new JsonObject { ["type"] = "Adam", ["weight_decay"] = 0.1, ["no_decay_1d"] = true }, [new Parameter("fc.weight", 2, 2), p]);
        Assert.Equal(2, split.Groups.Count);
    }
}
