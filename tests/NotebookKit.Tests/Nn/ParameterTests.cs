using NotebookKit.Nn;

namespace NotebookKit.Tests.Nn;

public sealed class ParameterTests
{
    [Fact]
    public void Shape_determines_length_and_buffers_start_at_zero()
    {
        var p = new Parameter("conv1.weight", 32, 3, 3, 3);
        Assert.Equal(864, p.Length);
        Assert.Equal(864, p.Grad.Length);
        Assert.All(p.Value, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Non_positive_dimension_is_rejected_with_the_parameter_name()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Parameter("fc.bias", 0));
        Assert.Contains("fc.bias", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_must_fill_the_shape()
    {
        Assert.Throws<ArgumentException>(() => new Parameter("w", new float[5], 2, 3));
        var p = new Parameter("w", [1, 2, 3, 4, 5, 6], 2, 3);
        p.Grad[0] = 3;
        p.ZeroGrad();
        Assert.Equal(6f, p.Value[5]);
        Assert.Equal(0f, p.Grad[0]);
    }

    [Fact]
    public void Zero_grad_is_seen_by_every_later_read_and_write()
    {
        var p = new Parameter("w", 4);
        p.Grad[1] = 5f;
        p.ZeroGrad();
        Assert.Equal(new float[4], p.Grad);
        p.Grad[2] += 1f;
        p.ZeroGrad();
        p.ZeroGrad();
        p.Grad[3] += 1f;
        Assert.Equal(new[] { 0f, 0f, 0f, 1f }, p.Grad);
    }

    [Fact]
    public void A_full_write_after_zero_grad_is_told_to_store_and_its_values_stay()
    {
        var p = new Parameter("w", 3);
        p.Grad[0] = 7f;
        float[] g = p.GradForFullWrite(out bool overwrite);
        Assert.False(overwrite);
        Assert.Same(p.Grad, g);

        p.ZeroGrad();
        g = p.GradForFullWrite(out overwrite);
        Assert.True(overwrite);
        g[0] = 1f;
        g[1] = 2f;
        g[2] = 3f;
        Assert.Equal(new[] { 1f, 2f, 3f }, p.Grad);
        p.GradForFullWrite(out overwrite);
        Assert.False(overwrite);
    }
}
