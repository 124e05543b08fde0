using NotebookKit.Nn;
using NotebookKit.Nn.Layers;
using NotebookKit.Tensors;

namespace NotebookKit.Tests.Nn.Layers;

public sealed class DropoutTests
{
    [Fact]
    public void Training_zeroes_about_p_and_scales_the_rest_by_one_over_one_minus_p()
    {
        var layer = new Dropout(0.25, new SeededRandom(5));
        var x = new Tensor(100, 101);
        x.Span.Fill(2f);
        Tensor y = layer.Forward(x, training: true);
        int zeros = y.Span.ToArray().Count(v => v == 0f);
        // Binomial(10100, 0.25): standard deviation ≈ 43.5; allow 5σ.
        Assert.InRange(zeros, 2525 - 218, 2525 + 218);
        Assert.All(y.Span.ToArray(), v => Assert.True(v == 0f || v == 2f / 0.75f));
    }

    [Fact]
    public void Evaluation_is_the_identity_and_the_same_seed_gives_the_same_mask()
    {
        var x = new Tensor(3, 33);
        x.Span.Fill(1f);
        Assert.Same(x, new Dropout(0.5, new SeededRandom(1)).Forward(x, training: false));
        float[] a = new Dropout(0.5, new SeededRandom(9)).Forward(x, true).Span.ToArray();
        float[] b = new Dropout(0.5, new SeededRandom(9)).Forward(x, true).Span.ToArray();
        Assert.Equal(a, b);
    }

    [Fact]
    public void Probability_outside_zero_one_uses_pytorch_wording()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(1.5, new SeededRandom(1)));
        Assert.Contains("dropout probability has to be between 0 and 1", e.Message, StringComparison.Ordinal);
    }
}
