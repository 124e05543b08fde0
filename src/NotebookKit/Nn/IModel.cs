using NotebookKit.Tensors;

namespace NotebookKit.Nn;

/// <summary>A trainable classifier: forward to logits, backward from the gradient of the loss.</summary>
/// <remarks>
/// <see cref="Forward"/> caches what <see cref="Backward"/> needs; <see cref="Backward"/> accumulates into
/// every <see cref="Parameter.Grad"/>. Call <see cref="Backward"/> once after each training-mode
/// <see cref="Forward"/>.
/// </remarks>
public interface IModel
{
    /// <summary>A short name such as <c>minivggnet</c>.</summary>
    string Name { get; }

    /// <summary>The trainable parameters, in PyTorch <c>named_parameters()</c> order.</summary>
    IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Named non-trainable state saved with the model (batch-norm running statistics), as PyTorch buffers.</summary>
    IReadOnlyDictionary<string, float[]> Buffers { get; }

    /// <summary>The generator dropout draws from; checkpoints save and restore its state for bit-identical resume.</summary>
    SeededRandom Random { get; }

    /// <summary>Training mode (dropout active, batch statistics) or evaluation mode (PyTorch <c>train()</c>/<c>eval()</c>).</summary>
    bool Training { get; set; }

    /// <summary>Computes logits of shape [batch, classes] for an input batch (NCHW, or [batch, features]).</summary>
    Tensor Forward(Tensor input);

    /// <summary>Back-propagates the gradient of the loss with respect to the last logits; accumulates parameter gradients.</summary>
    void Backward(Tensor logitsGradient);
}
