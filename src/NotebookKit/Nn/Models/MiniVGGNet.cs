using NotebookKit.Nn.Layers;

namespace NotebookKit.Nn.Models;

/// <summary>MiniVGGNet, as in the Keras step-decay experiment (Rosebrock, <i>Deep Learning for Computer Vision with Python</i>).</summary>
/// <remarks>
/// [conv3×3(32, pad 1) → ReLU → BN]×2 → max-pool 2 → dropout 0.25 → [conv3×3(64, pad 1) → ReLU → BN]×2 → max-pool 2 →
/// dropout 0.25 → flatten → dense 512 → ReLU → BN1d → dropout 0.5 → dense classes. Batch norm follows the activation,
/// as in the Keras original. PyTorch equivalent: the same modules in one <c>nn.Sequential</c> (indices 0…21), so
/// parameter names are <c>0.weight</c>, <c>2.running_mean</c>, …, <c>21.bias</c>. Inputs 3×32×32 (CIFAR-10) or
/// 1×28×28 (Fashion-MNIST).
/// </remarks>
public sealed class MiniVGGNet : SequentialModel
{
    /// <summary>Creates the model.</summary>
    /// <param name="channels">Input channels (3 for CIFAR-10, 1 for Fashion-MNIST).</param>
    /// <param name="height">Input height (at least 4: two 2×2 poolings).</param>
    /// <param name="width">Input width (at least 4).</param>
    /// <param name="classes">Number of classes.</param>
    /// <param name="seed">Seeds initialisation and dropout.</param>
    /// <param name="convDropout">Dropout after each conv block (Keras: 0.25).</param>
    /// <param name="denseDropout">Dropout before the classifier (Keras: 0.5).</param>
    public MiniVGGNet(int channels, int height, int width, int classes, ulong seed, double convDropout = 0.25, double denseDropout = 0.5)
        : base("minivggnet", seed, [channels, height, width])
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 4);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 4);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        int inChannels = channels;
        foreach (int filters in (ReadOnlySpan<int>)[32, 64])
        {
            for (int i = 0; i < 2; i++)
            {
                Add(new Conv2d(NextName, inChannels, filters, 3, InitRandom, padding: 1));
                Add(new ReLU(inPlace: true));
                Add(new BatchNorm2d(NextName, filters));
                inChannels = filters;
            }

            Add(new MaxPool2d(2));
            Add(new Dropout(convDropout, Random));
        }

        Add(new Flatten());
        Add(new Linear(NextName, CurrentShape[1], 512, InitRandom));
        Add(new ReLU(inPlace: true));
        Add(new BatchNorm1d(NextName, 512));
        Add(new Dropout(denseDropout, Random));
        Add(new Linear(NextName, 512, classes, InitRandom));
    }
}
