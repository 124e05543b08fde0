using System.Text.Json.Nodes;
using NotebookKit.Nn;
using NotebookKit.Nn.Losses;
using NotebookKit.Nn.Models;
using NotebookKit.Tensors;
using static NotebookKit.Tests.Nn.NnFixtures;

namespace NotebookKit.Tests.Nn.Models;

/// <summary>Whole models on fixed weights and inputs equal PyTorch 1.13.1's logits, loss, gradients and running statistics.</summary>
[Collection(NnThreadsCollection.Name)]
public sealed class ModelParityTests
{
    [Fact]
    public void MiniVGGNet_matches_pytorch() => Check(new MiniVGGNet(3, 8, 8, 10, seed: 1, convDropout: 0, denseDropout: 0), Model("minivggnet"));

    [Fact]
    public void LeNet_matches_pytorch() => Check(new LeNet(1, 16, 16, 10, seed: 1), Model("lenet"));

    [Fact]
    public void Mlp_matches_pytorch() => Check(new Mlp([12], [16, 8], 4, seed: 1), Model("mlp"));

    [Fact]
    public void Parameter_names_follow_nn_Sequential()
    {
        var model = new MiniVGGNet(3, 32, 32, 10, seed: 0);
        Assert.Equal(
            ["0.weight", "0.bias", "2.weight", "2.bias", "3.weight", "3.bias", "5.weight", "5.bias", "8.weight", "8.bias", "10.weight", "10.bias",
             "11.weight", "11.bias", "13.weight", "13.bias", "17.weight", "17.bias", "19.weight", "19.bias", "21.weight", "21.bias"],
            model.Parameters.Select(p => p.Name));
        Assert.Equal([512, 4096], model.Parameters[16].Shape);
        Assert.Contains("19.num_batches_tracked", model.Buffers.Keys);
    }

    [Fact]
    public void Default_initialisation_is_uniform_within_one_over_root_fan_in()
    {
        var model = new LeNet(1, 28, 28, 10, seed: 3);
        Parameter w = model.Parameters[0];
        float bound = 1f / MathF.Sqrt(25);
        Assert.All(w.Value, v => Assert.InRange(v, -bound, bound));
        // Uniform on [-b, b] has standard deviation b/√3; 150 samples land well within 20% of it.
        double sd = Math.Sqrt(w.Value.Average(v => (double)v * v));
        Assert.InRange(sd, 0.8 * bound / Math.Sqrt(3), 1.2 * bound / Math.Sqrt(3));
        Assert.NotEqual(model.Parameters[0].Value, new LeNet(1, 28, 28, 10, seed: 4).Parameters[0].Value);
        Assert.Equal(model.Parameters[0].Value, new LeNet(1, 28, 28, 10, seed: 3).Parameters[0].Value);
    }

    [Fact]
    public void Factory_builds_each_model_and_rejects_unknown_names()
    {
        Assert.Equal("lenet", NotebookKit.Nn.Models.Models.Create("LeNet", 1, 28, 28, 10, 0).Name);
        Assert.Equal([2, 10], NotebookKit.Nn.Models.Models.Create("mlp", 1, 28, 28, 10, 0).Forward(new Tensor(2, 1, 28, 28)).Shape);
        var e = Assert.Throws<ArgumentException>(() => NotebookKit.Nn.Models.Models.Create("resnet", 3, 32, 32, 10, 0));
        Assert.Contains("minivggnet", e.Message, StringComparison.Ordinal);
    }

    private static void Check(SequentialModel model, JsonNode c)
    {
        int j = 0;
        foreach (Parameter p in model.Parameters)
        {
            // The formula of make_nn_fixtures.py.
            for (int i = 0; i < p.Length; i++)
            {
                double s = Math.Sin((0.37 * i) + (0.91 * j) + 1.0);
                p.Value[i] = (float)(p.Shape.Count >= 2 ? Math.Sqrt(3.0 / (p.Length / p.Shape[0])) * s
                    : p.Name.EndsWith("weight", StringComparison.Ordinal) ? (0.1 * s) + 1.0 : 0.1 * s);
            }

            j++;
        }

        int[] shape = Ints(c["input_shape"]);
        int classes = (int)c["classes"]!;
        var x = new Tensor(shape);
        for (int i = 0; i < x.Length; i++)
        {
            x.Data[i] = (float)Math.Sin((0.13 * i) + 0.5);
        }

        int[] labels = Enumerable.Range(0, shape[0]).Select(n => n % classes).ToArray();
        Tensor logits = model.Forward(x);
        // Logits: |Δ| ≤ 1e-4·max(1, largest |logit|) + 1e-3·|logit|. Scaling the absolute part with the largest logit
        // matters for MiniVGGNet, whose Winograd F(4×4, 3×3) convolutions round a few times more than direct ones: on
        // its case (largest logit 3.92) the worst |Δ| over the three instruction sets is 1.5e-4
        // (PyTorch's own float32 run: 1.5e-5).
        float[] expectedLogits = Floats(c["logits"]);
        double largest = expectedLogits.Max(v => Math.Abs((double)v));
        Close(expectedLogits, logits.Span, "logits", atol: 1e-4 * Math.Max(1, largest), rtol: 1e-3);
        var grad = new Tensor(shape[0], classes);
        Assert.Equal((double)c["loss"]!, SoftmaxCrossEntropy.Compute(logits, labels, grad), 1e-4);
        model.Backward(grad);
        foreach (Parameter p in model.Parameters)
        {
            JsonNode g = c["grads"]![p.Name]!;
            // The oracle is PyTorch in float64. Float32 rounding is amplified through batch norm: on this MiniVGGNet
            // case PyTorch's own float32 gradients are up to 0.011% of each tensor's largest element away from it and
            // ours up to 0.20% (Winograd, any instruction set), so the tolerance is 0.5% of that largest element.
            float[] expected = Floats(g["full"] ?? g["head"]);
            double atol = 5e-3 * expected.Max(v => Math.Abs((double)v));
            Close(expected, p.Grad.AsSpan(0, expected.Length), $"{p.Name}.grad", atol: atol, rtol: 0);
            if (g["full"] is not null)
            {
                continue;
            }

            double sum = 0, abs = 0, projection = 0;
            for (int i = 0; i < p.Length; i++)
            {
                sum += p.Grad[i];
                abs += Math.Abs(p.Grad[i]);
                projection += p.Grad[i] * Math.Sin(0.71 * i);
            }

            double scale = (double)g["abs_sum"]!;
            Assert.Equal(scale, abs, 5e-3 * scale);
            Assert.True(Math.Abs(sum - (double)g["sum"]!) <= 5e-3 * scale, $"{p.Name} grad sum {sum}, expected {g["sum"]}");
            Assert.True(Math.Abs(projection - (double)g["projection"]!) <= 5e-3 * scale, $"{p.Name} grad projection {projection}, expected {g["projection"]}");
        }

        foreach (var (key, value) in model.Buffers)
        {
            Close(Floats(c["buffers"]![key]), value, key, atol: 1e-4, rtol: 1e-3);
        }
    }
}
