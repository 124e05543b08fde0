using NotebookKit.Cancellation;
using NotebookKit.Data;
using NotebookKit.Nn;
using NotebookKit.Optim;
using NotebookKit.Tensors;

namespace NotebookKit.Training.RangeTest;

/// <summary>The learning-rate range test (Smith 2017; fastai <c>Learner.lr_find</c>).</summary>
/// <remarks>
/// Trains for up to <c>num_iter</c> batches (cycling through epochs as needed) while the learning rate of every
/// group grows exponentially; records each batch's loss and its smoothed value; stops early when the smoothed loss
/// exceeds four times its minimum. Afterwards the model's parameters, buffers and dropout generator, the optimizer
/// state and the loader's generators are restored, so the test leaves nothing changed (fastai saves and reloads the
/// model and optimizer the same way).
/// </remarks>
public static class LearningRateFinder
{
    /// <summary>A live progress bar for <see cref="Run"/> (one notebook output updated in place; see <see cref="LiveProgress"/>).</summary>
    /// <param name="label">Shown before the bar.</param>
    public static IProgress<(int Iteration, int NumIter)> ShowProgress(string label = "LR range test") =>
        LiveProgress.Create<(int Iteration, int NumIter)>(label, p => p.NumIter > 0 ? (double)p.Iteration / p.NumIter : 0,
            p => FormattableString.Invariant($"iteration {p.Iteration}/{p.NumIter}"));

    /// <summary>Runs the range test.</summary>
    /// <param name="model">The model (restored afterwards).</param>
    /// <param name="optimizer">The optimizer; its learning rates are overwritten during the sweep and restored afterwards.</param>
    /// <param name="loss">The loss.</param>
    /// <param name="train">The training batches.</param>
    /// <param name="options">Sweep and smoothing; null for fastai's defaults.</param>
    /// <param name="progress">Receives (iteration done, planned iterations) after each batch.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    public static RangeTestResult Run(IModel model, IOptimizer optimizer, ILossFunction loss, DataLoader train, RangeTestOptions? options = null, IProgress<(int Iteration, int NumIter)>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(train);
        options ??= new RangeTestOptions();
        var sweep = options.Sweep;

        // Snapshot everything the sweep changes.
        var parameters = model.Parameters.Select(p => (float[])p.Value.Clone()).ToArray();
        var buffers = model.Buffers.ToDictionary(kv => kv.Key, kv => (float[])kv.Value.Clone(), StringComparer.Ordinal);
        var modelRandom = model.Random.GetState();
        var optimizerState = optimizer.Save();
        var shuffle = train.ShuffleRandom.GetState();
        var augment = train.AugmentRandom.GetState();
        bool wasTraining = model.Training;

        var lrs = new List<double>();
        var losses = new List<double>();
        var smoothed = new List<double>();
        bool diverged = false;
        double average = 0, best = double.PositiveInfinity;
        Tensor? gradient = null;
        try
        {
            model.Training = true;
            int iteration = 0;
            while (iteration < sweep.NumIter && !diverged)
            {
                foreach (var batch in train.Epoch())
                {
                    AmbientCancellation.ThrowIfCancellationRequested(cancellationToken);
                    double lr = sweep.ValueAt(iteration);
                    foreach (var g in optimizer.Groups)
                    {
                        g.LearningRate = lr;
                    }

                    optimizer.ZeroGrad();
                    var logits = model.Forward(batch.Images);
                    Evaluator.CheckLogits(logits, batch.Count);
                    if (gradient is null || gradient.Shape[0] != logits.Shape[0] || gradient.Shape[1] != logits.Shape[1])
                    {
                        gradient = new Tensor(logits.Shape[0], logits.Shape[1]);
                    }

                    double value = loss.Compute(logits, batch.LabelSpan, gradient);
                    iteration++;
                    average = (options.Beta * average) + ((1 - options.Beta) * value);
                    double smooth = average / (1 - Math.Pow(options.Beta, iteration));
                    lrs.Add(lr);
                    losses.Add(value);
                    smoothed.Add(smooth);
                    progress?.Report((iteration, sweep.NumIter));
                    if (smooth < best)
                    {
                        best = smooth;
                    }

                    if (options.StopDiv && RangeTestAnalysis.Diverged(smooth, best))
                    {
                        diverged = true;
                        break;
                    }

                    if (!double.IsFinite(value))
                    {
                        // A non-finite loss cannot be back-propagated meaningfully; the curve ends here.
                        diverged = true;
                        break;
                    }

                    model.Backward(gradient);
                    optimizer.Step();
                    if (iteration >= sweep.NumIter)
                    {
                        break;
                    }
                }
            }
        }
        finally
        {
            for (int i = 0; i < parameters.Length; i++)
            {
                parameters[i].CopyTo(model.Parameters[i].Value, 0);
                model.Parameters[i].ZeroGrad();
            }

            foreach (var (name, values) in buffers)
            {
                values.CopyTo(model.Buffers[name], 0);
            }

            model.Random.SetState(modelRandom);
            optimizer.Load(optimizerState);
            train.ShuffleRandom.SetState(shuffle);
            train.AugmentRandom.SetState(augment);
            model.Training = wasTraining;
        }

        var suggestions = RangeTestAnalysis.Suggest(lrs, smoothed, sweep.NumIter);
        return new RangeTestResult(lrs, losses, smoothed, sweep.NumIter, diverged, suggestions);
    }
}
