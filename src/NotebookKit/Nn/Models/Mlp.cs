using NotebookKit.Nn.Layers;

namespace NotebookKit.Nn.Models;

/// <summary>A multi-layer perceptron: Flatten, then [Linear → ReLU] per hidden width, then Linear to the classes.</summary>
/// <remarks>PyTorch equivalent: <c>nn.Sequential(nn.Flatten(), nn.Linear(in, h1), nn.ReLU(), …, nn.Linear(hk, classes))</c>; parameter names match it.</remarks>
public sealed class Mlp : SequentialModel
{
    /// <summary>Creates the model.</summary>
    /// <param name="inputShape">One sample's shape (e.g. [1, 28, 28] or [784]); it is flattened.</param>
    /// <param name="hiddenWidths">Widths of the hidden layers (may be empty for a linear classifier).</param>
    /// <param name="classes">Number of classes.</param>
    /// <param name="seed">Seeds initialisation.</param>
    public Mlp(IReadOnlyList<int> inputShape, IReadOnlyList<int> hiddenWidths, int classes, ulong seed)
        : base("mlp", seed, inputShape)
    {
        ArgumentNullException.ThrowIfNull(hiddenWidths);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        Add(new Flatten());
        int width = CurrentShape[1];
        foreach (int h in hiddenWidths)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(h, nameof(hiddenWidths));
            Add(new Linear(NextName, width, h, InitRandom));
            Add(new ReLU(inPlace: true));
            width = h;
        }

        Add(new Linear(NextName, width, classes, InitRandom));
    }
}
