using NotebookKit.Nn.Layers;
using NotebookKit.Tensors;

namespace NotebookKit.Tests.Nn.Layers;

public sealed class BatchNormTests
{
    [Fact]
    public void A_layer_on_its_own_leaves_the_output_gradient_it_is_given_unchanged()
    {
        // Only a model that knows the next layer owns dy lets batch norm write dx over it.
        var layer = new BatchNorm2d("bn", 3);
        var random = new SeededRandom(4);
        var x = new Tensor(2, 3, 5, 7);
        var dy = new Tensor(2, 3, 5, 7);
        for (int i = 0; i < x.Length; i++)
        {
            (x.Data[i], dy.Data[i]) = ((float)random.NextGaussian(), (float)random.NextGaussian());
        }

        float[] before = dy.Span.ToArray();
        layer.Forward(x, training: true);
        Tensor dx = layer.Backward(dy);
        Assert.NotSame(dy, dx);
        Assert.Equal(before, dy.Span.ToArray());
        Assert.NotEqual(before, dx.Span.ToArray());
    }

    [Fact]
    public void Writing_over_the_output_gradient_gives_the_same_input_gradient()
    {
        var random = new SeededRandom(8);
        var x = new Tensor(3, 4, 6, 5);
        var dy = new Tensor(3, 4, 6, 5);
        for (int i = 0; i < x.Length; i++)
        {
            (x.Data[i], dy.Data[i]) = ((float)random.NextGaussian(), (float)random.NextGaussian());
        }

        var separate = new BatchNorm2d("a", 4) { AppliesReluBackward = true };
        var inPlace = new BatchNorm2d("b", 4) { AppliesReluBackward = true, OverwritesOutputGradient = true };
        separate.Forward(x, training: true);
        inPlace.Forward(x, training: true);
        float[] expected = separate.Backward(dy).Span.ToArray();
        Tensor dx = inPlace.Backward(dy);
        Assert.Same(dy, dx);
        Assert.Equal(expected, dx.Span.ToArray());
        Assert.Equal(separate.Weight.Grad, inPlace.Weight.Grad);
        Assert.Equal(separate.Bias.Grad, inPlace.Bias.Grad);
    }
}
