using NotebookKit.Nn.Layers;

namespace NotebookKit.Nn.Models;

/// <summary>LeNet-5 in the modern form of Dive into Deep Learning §7.6: conv 6@5×5 (pad 2) → ReLU → max-pool 2 → conv 16@5×5 → ReLU → max-pool 2 → dense 120 → ReLU → 84 → ReLU → classes.</summary>
/// <remarks>
/// d2l uses sigmoid and average pooling to stay close to LeCun et al. 1998; we use ReLU and max pooling, which train
/// faster and are what d2l's exercises and most courses switch to. PyTorch equivalent (parameter names match):
/// <c>nn.Sequential(Conv2d(c,6,5,padding=2), ReLU(), MaxPool2d(2), Conv2d(6,16,5), ReLU(), MaxPool2d(2), Flatten(),
/// Linear(16·h'·w',120), ReLU(), Linear(120,84), ReLU(), Linear(84,classes))</c>.
/// </remarks>
public sealed class LeNet : SequentialModel
{
    /// <summary>Creates the model for [channels, height, width] inputs (28×28 for Fashion-MNIST, 32×32 for CIFAR-10).</summary>
    public LeNet(int channels, int height, int width, int classes, ulong seed)
        : base("lenet", seed, [channels, height, width])
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        Add(new Conv2d(NextName, channels, 6, 5, InitRandom, padding: 2));
        Add(new ReLU(inPlace: true));
        Add(new MaxPool2d(2));
        Add(new Conv2d(NextName, 6, 16, 5, InitRandom));
        Add(new ReLU(inPlace: true));
        Add(new MaxPool2d(2));
        Add(new Flatten());
        Add(new Linear(NextName, CurrentShape[1], 120, InitRandom));
        Add(new ReLU(inPlace: true));
        Add(new Linear(NextName, 120, 84, InitRandom));
        Add(new ReLU(inPlace: true));
        Add(new Linear(NextName, 84, classes, InitRandom));
    }
}
