using NotebookKit.Nn.Kernels;
using NotebookKit.Nn.Layers;
using NotebookKit.Tensors;

namespace NotebookKit.Tests.Nn.Layers;

public sealed class LinearTests
{
    private const int Batch = 5, In = 37, Out = 11;

    [Fact]
    public void Weight_gradient_after_zero_grad_is_the_product_whatever_the_array_held()
    {
        var (layer, x, dy) = Setup(3);
        float[] expected = Product(x, dy);
        for (int i = 0; i < layer.Weight.Length; i++)
        {
            layer.Weight.Grad[i] = 1e6f + i;
        }

        layer.ZeroGradients();
        layer.Forward(x, training: true);
        layer.Backward(dy);

        // Stored over the stale values, bit for bit the product (the same GEMM adds it to zeros otherwise).
        Assert.Equal(expected, layer.Weight.Grad);
        Assert.All(layer.Bias.Grad.Select((g, o) => (g, o)), e => Assert.Equal(Enumerable.Range(0, Batch).Sum(b => dy.Data[(b * Out) + e.o]), e.g, 4));
    }

    [Fact]
    public void Backward_passes_without_zero_grad_accumulate()
    {
        var (layer, x, dy) = Setup(4);
        float[] once = Product(x, dy);
        layer.ZeroGradients();
        layer.Forward(x, training: true);
        layer.Backward(dy);
        layer.Forward(x, training: true);
        layer.Backward(dy);

        Assert.Equal(once.Select(v => v + v).ToArray(), layer.Weight.Grad);
    }

    [Fact]
    public void Reading_the_gradient_after_zero_grad_sees_zeros_and_a_later_backward_adds_to_them()
    {
        var (layer, x, dy) = Setup(5);
        layer.Forward(x, training: true);
        layer.Backward(dy);
        layer.ZeroGradients();

        Assert.All(layer.Weight.Grad, g => Assert.Equal(0f, g));
        layer.Weight.Grad[0] = 2f;
        layer.Forward(x, training: true);
        layer.Backward(dy);

        float[] expected = Product(x, dy);
        expected[0] += 2f;
        Assert.Equal(expected, layer.Weight.Grad);
    }

    private static (Linear Layer, Tensor X, Tensor Dy) Setup(ulong seed)
    {
        var random = new SeededRandom(seed);
        var layer = new Linear("fc", In, Out, random);
        var x = new Tensor(Batch, In);
        var dy = new Tensor(Batch, Out);
        for (int i = 0; i < x.Length; i++)
        {
            x.Data[i] = (float)random.NextGaussian();
        }

        for (int i = 0; i < dy.Length; i++)
        {
            dy.Data[i] = (float)random.NextGaussian();
        }

        return (layer, x, dy);
    }

    // dW = dyᵀ·x on the engine's own path, stored into a fresh array.
    private static float[] Product(Tensor x, Tensor dy)
    {
        float[] dw = new float[Out * In];
        Gemm.Multiply(true, false, Out, In, Batch, dy.Span, Out, x.Span, In, dw, In, threads: 1);
        return dw;
    }
}

internal static class LinearTestExtensions
{
    public static void ZeroGradients(this Linear layer)
    {
        foreach (var p in layer.Parameters)
        {
            p.ZeroGrad();
        }
    }
}
