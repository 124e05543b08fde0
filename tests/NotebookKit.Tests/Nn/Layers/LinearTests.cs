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

    [Fact]
    public void A_large_layer_stores_then_adds_the_gemm_product_and_its_input_gradient_is_the_gemm_too()
    {
        // 1024 × 256 = 2^18 weights: on AVX-512 the weight gradient runs DenseBackward (threads own rows of dW).
        const int batch = 9, inFeatures = 1024, outFeatures = 256;
        var (layer, x, dy) = Setup(6, batch, inFeatures, outFeatures);
        float[] expected = new float[outFeatures * inFeatures];
        Gemm.Multiply(true, false, outFeatures, inFeatures, batch, dy.Span, outFeatures, x.Span, inFeatures, expected, inFeatures, threads: 1);
        float[] expectedDx = new float[batch * inFeatures];
        Gemm.Multiply(false, false, batch, inFeatures, outFeatures, dy.Span, outFeatures, layer.Weight.Value, inFeatures, expectedDx, inFeatures, threads: 1);
        Array.Fill(layer.Weight.Grad, 7f);
        layer.ZeroGradients();
        layer.Forward(x, training: true);
        Tensor dx = layer.Backward(dy);

        Assert.Equal(expected, layer.Weight.Grad);
        Assert.Equal(expectedDx, dx.Data);
        layer.Forward(x, training: true);
        layer.Backward(dy);
        Assert.Equal(expected.Select(v => v + v).ToArray(), layer.Weight.Grad);
    }

    private static (Linear Layer, Tensor X, Tensor Dy) Setup(ulong seed, int batch = Batch, int inFeatures = In, int outFeatures = Out)
    {
        var random = new SeededRandom(seed);
        var layer = new Linear("fc", inFeatures, outFeatures, random);
        var x = new Tensor(batch, inFeatures);
        var dy = new Tensor(batch, outFeatures);
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
