using System.Globalization;
using System.Text.Json.Nodes;
using NotebookKit.Display;
using NotebookKit.Plotting;

namespace NotebookKit.Training;

/// <summary>The outcome of an <see cref="Experiment"/>: the config, the history and the final test evaluation.</summary>
/// <param name="Config">The config that produced it.</param>
/// <param name="History">Per-epoch and per-step records.</param>
/// <param name="Evaluation">The test-set evaluation after the last epoch.</param>
/// <param name="ParameterCount">Trainable parameters in the model.</param>
/// <param name="LoadSeconds">Seconds loading and preparing data.</param>
/// <param name="TrainSeconds">Seconds training (validation included).</param>
/// <param name="Threads">The compute thread count used.</param>
public sealed record ExperimentResult(
    TrainingConfig Config,
    TrainingHistory History,
    EvaluationResult Evaluation,
    long ParameterCount,
    double LoadSeconds,
    double TrainSeconds,
    int Threads)
{
    /// <summary>Total wall-clock seconds.</summary>
    public double Seconds => LoadSeconds + TrainSeconds;

    /// <summary>The <c>results.json</c> object: config, history, test_accuracy, test_loss, seconds, seed, threads, timings.</summary>
    public JsonObject ToJson() => new()
    {
        ["config"] = Config.ToJson(),
        ["history"] = History.ToJson(),
        ["test_accuracy"] = Evaluation.Accuracy,
        ["test_loss"] = Evaluation.Loss,
        ["seconds"] = Seconds,
        ["seed"] = Config.Seed,
        ["threads"] = Threads,
        ["parameters"] = ParameterCount,
        ["timings"] = new JsonObject
        {
            ["load_seconds"] = LoadSeconds,
            ["train_seconds"] = TrainSeconds,
            ["seconds_per_epoch"] = new JsonArray(History.Epochs.Select(e => (JsonNode?)JsonValue.Create(e.Seconds)).ToArray()),
        },
    };

    /// <summary>The report page's contents: history charts, weight norms, confusion matrix, classification report, history table.</summary>
    public IReadOnlyList<IHtmlDisplayable> ReportItems()
    {
        var items = new List<IHtmlDisplayable>
        {
            HtmlBlock.Paragraph(string.Create(CultureInfo.InvariantCulture,
                $"{Config.Model} on {Config.Dataset}: test accuracy {Evaluation.Accuracy:F4}, test loss {Evaluation.Loss:F4}, {History.Epochs.Count} epochs, {Seconds:F1} s, seed {Config.Seed}, {Threads} threads.")),
            HtmlBlock.Heading("History"),
            History.Plot(),
            History.PlotWeightNorms(),
            HtmlBlock.Heading("Confusion matrix (test set)"),
            Evaluation.ConfusionMatrix().Plot(),
            HtmlBlock.Heading("Classification report (test set)"),
            Evaluation.ClassificationReport(),
            HtmlBlock.Heading("Epochs"),
            History,
        };
        return items;
    }
}
