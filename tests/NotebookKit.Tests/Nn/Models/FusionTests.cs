using NotebookKit.Nn;
using NotebookKit.Nn.Layers;
using NotebookKit.Nn.Losses;
using NotebookKit.Nn.Models;
using NotebookKit.Tensors;

namespace NotebookKit.Tests.Nn.Models;

/// <summary>A Conv2d → ReLU (in place) → BatchNorm2d chain is fused by the model, and gives the unfused chain's bits.</summary>
[Collection(NnThreadsCollection.Name)]
public sealed class FusionTests
{
    [Theory]
    [InlineData(ConvAlgorithm.Direct)]
    [InlineData(ConvAlgorithm.Winograd)]
    public void Fused_conv_relu_batchnorm_gives_the_same_bits_as_the_separate_layers(ConvAlgorithm algorithm)
    {
        var fused = new Chain(inPlace: true, algorithm);
        var separate = new Chain(inPlace: false, algorithm);
        Assert.True(((ReLU)fused.Layers[1]).AppliedByNeighbours);
        Assert.False(((ReLU)separate.Layers[1]).AppliedByNeighbours);
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

    // conv(8→8) → ReLU → BN → conv(8→8) → ReLU → BN → flatten → linear: the second block's gradients pass through
    // the first block's fused backward.
    private sealed class Chain : SequentialModel
    {
        public Chain(bool inPlace, ConvAlgorithm algorithm)
            : base("chain", 3, [8, 7, 9])
        {
            for (int i = 0; i < 2; i++)
            {
                Add(new Conv2d(NextName, 8, 8, 3, InitRandom, padding: 1) { Algorithm = algorithm });
                Add(new ReLU(inPlace));
                Add(new BatchNorm2d(NextName, 8));
            }

            Add(new Flatten());
            Add(new Linear(NextName, CurrentShape[1], 3, InitRandom));
        }
    }
}
