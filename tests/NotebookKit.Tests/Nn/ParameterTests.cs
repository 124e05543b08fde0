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
}
