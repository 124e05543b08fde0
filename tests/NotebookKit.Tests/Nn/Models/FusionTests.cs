using NotebookKit.Nn;
using NotebookKit.Nn.Layers;
using NotebookKit.Nn.Losses;
using NotebookKit.Nn.Models;
using NotebookKit.Simd;
using NotebookKit.Tensors;

namespace NotebookKit.Tests.Nn.Models;

/// <summary>
/// Conv2d → ReLU (in place) → BatchNorm2d chains are fused by the model (ReLU inside the convolution and batch norm, batch
/// norm's output applied by the next convolution or pooling as it reads), and give the unfused chain's bits.
/// </summary>
[Collection(NnThreadsCollection.Name)]
public sealed class FusionTests
{
    [Theory]
    [InlineData(ConvAlgorithm.Direct)]
    [InlineData(ConvAlgorithm.Winograd)]
    public void Fused_conv_relu_batchnorm_gives_the_same_bits_as_the_separate_layers(ConvAlgorithm algorithm)
    {
        var fused = new Chain(fuse: true, algorithm);
        var separate = new Chain(fuse: false, algorithm);
        Assert.True(((ReLU)fused.Layers[1]).AppliedByNeighbours);
        Assert.False(((ReLU)separate.Layers[1]).AppliedByNeighbours);
        Assert.True(((BatchNorm2d)fused.Layers[2]).DefersOutput);
        Assert.True(((BatchNorm2d)fused.Layers[5]).DefersOutput);
        Assert.False(((BatchNorm2d)separate.Layers[2]).DefersOutput);
        Assert.True(((BatchNorm2d)fused.Layers[2]).OverwritesOutputGradient);
        Assert.True(((BatchNorm2d)fused.Layers[5]).OverwritesOutputGradient);
        Assert.False(((BatchNorm2d)separate.Layers[2]).OverwritesOutputGradient);
        // After the pooling, whose gradient is 4× smaller, the second one writes its input gradient over its input
        // (the convolution's output), which the convolution rewrites on every forward pass.
        Assert.True(((BatchNorm2d)fused.Layers[5]).OverwritesInput);
        // The second convolution (8 → 8, padding 1) writes its input gradient over the output gradient batch norm hands
        // it (on the Winograd vector paths; elsewhere into its own buffer); the first computes none.
        Assert.True(((Conv2d)fused.Layers[3]).OverwritesOutputGradient);
        Assert.False(((Conv2d)separate.Layers[4]).OverwritesOutputGradient);
        Assert.False(((BatchNorm2d)separate.Layers[6]).OverwritesInput);
        // The second batch norm expands the pooling's gradient itself (planes of 7 × 9: an odd last row and column).
        Assert.Same(fused.Layers[6], ((BatchNorm2d)fused.Layers[5]).PooledGradient);
        Assert.True(((MaxPool2d)fused.Layers[6]).HandsGradientToNormalization);
        Assert.Null(((BatchNorm2d)separate.Layers[6]).PooledGradient);
        var random = new SeededRandom(5);
        var x = new Tensor(3, 8, 7, 9);
        for (int i = 0; i < x.Length; i++)
        {
            x.Data[i] = (float)random.NextGaussian();
        }

        int[] labels = [0, 1, 2];
        for (int step = 0; step < 2; step++)
        {
            var (logitsA, gradsA) = Step(fused, x, labels);
            var (logitsB, gradsB) = Step(separate, x, labels);
            Assert.Equal(logitsB, logitsA);
            for (int i = 0; i < gradsA.Count; i++)
            {
                Assert.Equal(gradsB[i], gradsA[i]);
            }
        }
    }

    [Theory]
    [InlineData(16, 16)]
    [InlineData(32, 32)]
    [InlineData(17, 16)]
    [InlineData(5, 24)]
    [InlineData(7, 9)]
    [InlineData(6, 8)]
    public void Batch_norm_applying_the_pooling_and_dropout_backward_gives_the_same_bits_as_the_separate_layers(int height, int width)
    {
        // BN → 2×2 pool → dropout: batch norm expands the pooling's gradient and applies the dropout's mask to it itself
        // (planes of 8·8, 16·16, 2·12 outputs: each plane's bits start on a whole byte; 3·4: mid-byte). Direct
        // convolutions, so that batch norm's statistics come from its own pass in both chains.
        int saved = NnThreads.Count;
        try
        {
            foreach (int threads in new[] { 1, 2 })
            {
                NnThreads.Count = threads;
                var fused = new Chain(fuse: true, ConvAlgorithm.Direct, height, width, pooledDropout: 0.25);
                var separate = new Chain(fuse: false, ConvAlgorithm.Direct, height, width, pooledDropout: 0.25);
                var norm = (BatchNorm2d)fused.Layers[5];
                Assert.Same(fused.Layers[6], norm.PooledGradient);
                Assert.Same(fused.Layers[7], norm.PooledDropout);
                Assert.True(((Dropout)fused.Layers[7]).HandsGradientToNormalization);
                Assert.Null(((BatchNorm2d)separate.Layers[6]).PooledDropout);
                Assert.False(((Dropout)separate.Layers[9]).HandsGradientToNormalization);
                var random = new SeededRandom(7);
                var x = new Tensor(3, 8, height, width);
                for (int i = 0; i < x.Length; i++)
                {
                    x.Data[i] = (float)random.NextGaussian();
                }

                int[] labels = [0, 1, 2];
                for (int step = 0; step < 3; step++)
                {
                    var (logitsA, gradsA) = Step(fused, x, labels);
                    var (logitsB, gradsB) = Step(separate, x, labels);
                    Assert.Equal(Bits(logitsB), Bits(logitsA));
                    for (int i = 0; i < gradsA.Count; i++)
                    {
                        Assert.Equal(Bits(gradsB[i]), Bits(gradsA[i]));
                    }
                }

                // Evaluation (the dropout is the identity) and a training step after it: the mask is the new step's.
                fused.Training = separate.Training = false;
                Assert.Equal(Bits(separate.Forward(x).Span.ToArray()), Bits(fused.Forward(x).Span.ToArray()));
                fused.Training = separate.Training = true;
                var (lastA, lastGradsA) = Step(fused, x, labels);
                var (lastB, lastGradsB) = Step(separate, x, labels);
                Assert.Equal(Bits(lastB), Bits(lastA));
                Assert.Equal(lastGradsB.SelectMany(Bits), lastGradsA.SelectMany(Bits));
            }
        }
        finally
        {
            NnThreads.Count = saved;
        }
    }

    [Fact]
    public void Batch_norm_statistics_from_the_convolutions_output_sums_agree_with_its_own_pass()
    {
        // 16×16 planes: whole rows of 4×4 tiles, so on AVX-512 the Winograd convolutions sum their outputs as they write
        // them and batch norm takes its statistics from those sums (another order of the same sums: float32 rounding).
        var fused = new Chain(fuse: true, ConvAlgorithm.Winograd, 16, 16);
        var separate = new Chain(fuse: false, ConvAlgorithm.Winograd, 16, 16);
        var norms = new[] { (BatchNorm2d)fused.Layers[2], (BatchNorm2d)fused.Layers[5] };
        Assert.All(norms, norm => Assert.NotNull(norm.InputSums));
        Assert.Null(((BatchNorm2d)separate.Layers[2]).InputSums);
        var random = new SeededRandom(9);
        var x = new Tensor(4, 8, 16, 16);
        for (int i = 0; i < x.Length; i++)
        {
            x.Data[i] = (float)random.NextGaussian();
        }

        int[] labels = [0, 1, 2, 1];
        for (int step = 0; step < 2; step++)
        {
            var (logitsA, gradsA) = Step(fused, x, labels);
            var (logitsB, gradsB) = Step(separate, x, labels);
            bool summed = SimdDispatch.Best == SimdPath.Vector512;
            Assert.All(norms, norm => Assert.Equal(summed, norm.InputSums!.Output is not null));
            double largest = logitsB.Max(v => Math.Abs(v));
            for (int i = 0; i < logitsA.Length; i++)
            {
                Assert.True(Math.Abs(logitsA[i] - logitsB[i]) <= (1e-5 * Math.Max(1, largest)) + (1e-4 * Math.Abs(logitsB[i])), $"step {step} logit {i}: {logitsA[i]} vs {logitsB[i]}");
            }

            for (int t = 0; t < gradsA.Count; t++)
            {
                double scale = gradsB[t].Max(v => Math.Abs(v));
                for (int i = 0; i < gradsA[t].Length; i++)
                {
                    Assert.True(Math.Abs(gradsA[t][i] - gradsB[t][i]) <= 1e-3 * scale, $"step {step} gradient {t}[{i}]: {gradsA[t][i]} vs {gradsB[t][i]}");
                }
            }
        }

        // Running statistics (the separate chain has a dropout after each batch norm: layers 2 and 6).
        var pairs = new[] { (norms[0], (BatchNorm2d)separate.Layers[2]), (norms[1], (BatchNorm2d)separate.Layers[6]) };
        foreach (var (a, b) in pairs)
        {
            foreach (var (values, expected) in new[] { (a.RunningMean, b.RunningMean), (a.RunningVar, b.RunningVar) })
            {
                for (int i = 0; i < values.Length; i++)
                {
                    Assert.True(Math.Abs(values[i] - expected[i]) <= 1e-5 + (1e-4 * Math.Abs(expected[i])), $"running statistic [{i}]: {values[i]} vs {expected[i]}");
                }
            }
        }

        // Evaluation: the running statistics, no sums (and none marked current).
        fused.Training = false;
        separate.Training = false;
        float[] evalA = fused.Forward(x).Span.ToArray(), evalB = separate.Forward(x).Span.ToArray();
        Assert.All(norms, norm => Assert.Null(norm.InputSums!.Output));
        for (int i = 0; i < evalA.Length; i++)
        {
            Assert.True(Math.Abs(evalA[i] - evalB[i]) <= 1e-4 * (1 + Math.Abs(evalB[i])), $"evaluation logit {i}: {evalA[i]} vs {evalB[i]}");
        }
    }

    [Fact]
    public void Only_layers_followed_by_a_convolution_or_a_pooling_write_their_input_gradient_over_the_output_gradient()
    {
        var model = new MiniVGGNet(3, 8, 8, 10, seed: 1);
        string[] expected = ["2", "5", "7", "10", "13"];
        var overwriting = model.Layers.Select((layer, i) => (layer, i)).Where(e => e.layer switch
        {
            BatchNorm b => b.OverwritesOutputGradient,
            Dropout d => d.OverwritesOutputGradient,
            _ => false,
        }).Select(e => e.i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expected, overwriting);
    }

    private static int[] Bits(float[] values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();

    private static (float[] Logits, List<float[]> Grads) Step(SequentialModel model, Tensor x, int[] labels)
    {
        foreach (Parameter p in model.Parameters)
        {
            p.ZeroGrad();
        }

        Tensor logits = model.Forward(x);
        var grad = new Tensor(labels.Length, 3);
        SoftmaxCrossEntropy.Compute(logits, labels, grad);
        model.Backward(grad);
        return (logits.Span.ToArray(), model.Parameters.Select(p => (float[])p.Grad.Clone()).ToList());
    }

    // conv(8→8) → ReLU → BN → conv(8→8) → ReLU → BN → max-pool → flatten → linear: the second block's gradients pass
    // through the first block's fused backward, and both batch norms defer their output (to a convolution, to a pool).
    // Unfused: ReLU not in place, and an identity (dropout 0) after each batch norm. Optionally a dropout after the pooling.
    private sealed class Chain : SequentialModel
    {
        public Chain(bool fuse, ConvAlgorithm algorithm, int height = 7, int width = 9, double pooledDropout = -1)
            : base("chain", 3, [8, height, width])
        {
            for (int i = 0; i < 2; i++)
            {
                Add(new Conv2d(NextName, 8, 8, 3, InitRandom, padding: 1) { Algorithm = algorithm });
                Add(new ReLU(inPlace: fuse));
                Add(new BatchNorm2d(NextName, 8));
                if (!fuse)
                {
                    Add(new Dropout(0, Random));
                }
            }

            Add(new MaxPool2d(2));
            if (pooledDropout >= 0)
            {
                Add(new Dropout(pooledDropout, Random));
            }

            Add(new Flatten());
            Add(new Linear(NextName, CurrentShape[1], 3, InitRandom));
        }
    }
}
