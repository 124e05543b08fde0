using NotebookKit.Nn;
using NotebookKit.Nn.Layers;
using NotebookKit.Tensors;

namespace NotebookKit.Tests.Nn.Layers;

public sealed class MaxPool2dTests
{
    [Fact]
    public void Fast_2x2_path_equals_a_plain_loop_at_every_width_with_ties_and_nan()
    {
        var random = new SeededRandom(12);
        for (int w = 2; w <= 41; w++)
        {
            int h = 4 + (w % 3);
            var x = new Tensor(2, 3, h, w);
            for (int i = 0; i < x.Length; i++)
            {
                // Few distinct values: many ties, which must go to the first maximum in row-major order.
                x.Data[i] = random.NextInt(4);
                if (random.NextInt(50) == 0)
                {
                    x.Data[i] = float.NaN;
                }
            }

            var pool = new MaxPool2d(2);
            Tensor y = pool.Forward(x, training: true);
            var dy = new Tensor(y.Shape.ToArray());
            for (int i = 0; i < dy.Length; i++)
            {
                dy.Data[i] = i + 1;
            }

            float[] dx = pool.Backward(dy).Span.ToArray();
            int oh = h / 2, ow = w / 2;
            float[] expectedDx = new float[x.Length];
            for (int p = 0; p < 6; p++)
            {
                for (int oy = 0; oy < oh; oy++)
                {
                    for (int ox = 0; ox < ow; ox++)
                    {
                        // PyTorch's CPU rule: start from -inf, take v when v > max or v is NaN.
                        float max = float.NegativeInfinity;
                        int best = -1;
                        for (int ky = 0; ky < 2; ky++)
                        {
                            for (int kx = 0; kx < 2; kx++)
                            {
                                int i = (p * h * w) + (((2 * oy) + ky) * w) + (2 * ox) + kx;
                                if (x.Data[i] > max || float.IsNaN(x.Data[i]))
                                {
                                    (max, best) = (x.Data[i], i);
                                }
                            }
                        }

                        int o = (p * oh * ow) + (oy * ow) + ox;
                        Assert.True(max.Equals(y.Data[o]), $"w={w}: y[{o}] = {y.Data[o]}, expected {max}");
                        expectedDx[best] += dy.Data[o];
                    }
                }
            }

            Assert.Equal(expectedDx, dx);
        }
    }
}
