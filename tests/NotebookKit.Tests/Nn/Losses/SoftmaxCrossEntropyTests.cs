using NotebookKit.Nn;
using NotebookKit.Nn.Losses;
using NotebookKit.Tensors;
using static NotebookKit.Tests.Nn.NnFixtures;

namespace NotebookKit.Tests.Nn.Losses;

public sealed class SoftmaxCrossEntropyTests
{
    [Fact]
    public void Loss_and_gradient_match_pytorch_cross_entropy()
    {
        var c = LayerCases["loss"]!;
        var logits = new Tensor(Floats(c["logits"]), Ints(c["shape"]));
        var grad = new Tensor(Ints(c["shape"]));
        double loss = SoftmaxCrossEntropy.Compute(logits, Ints(c["labels"]), grad);
        Assert.Equal((double)c["loss"]!, loss, 1e-6);
        Close(Floats(c["grad"]), grad.Span, "d loss / d logits", atol: 1e-7);
    }

    [Fact]
    public void Gradient_matches_finite_differences()
    {
        var random = new SeededRandom(5);
        float[] z = Enumerable.Range(0, 12).Select(_ => (float)random.NextGaussian()).ToArray();
        int[] labels = [2, 0, 3];
        var grad = new Tensor(3, 4);
        SoftmaxCrossEntropy.Compute(new Tensor(z, 3, 4), labels, grad);
        for (int i = 0; i < z.Length; i++)
        {
            float[] plus = (float[])z.Clone(), minus = (float[])z.Clone();
            plus[i] += 1e-2f;
            minus[i] -= 1e-2f;
            double numeric = (SoftmaxCrossEntropy.Compute(new Tensor(plus, 3, 4), labels, null) - SoftmaxCrossEntropy.Compute(new Tensor(minus, 3, 4), labels, null)) / 2e-2;
            Assert.Equal(numeric, grad.Data[i], 1e-4);
        }
    }

    [Fact]
    public void Out_of_range_target_names_the_index()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => SoftmaxCrossEntropy.Compute(new Tensor(2, 3), [0, 3], null));
        Assert.Contains("target 3 at index 1", e.Message, StringComparison.Ordinal);
    }
}
