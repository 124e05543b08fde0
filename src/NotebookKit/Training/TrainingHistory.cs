using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using NotebookKit.Display;
using NotebookKit.Plotting;

namespace NotebookKit.Training;

/// <summary>What happened during training: one record per epoch and one per optimizer step (Keras <c>History</c>).</summary>
/// <remarks>Displays as a table in notebooks; <see cref="ToJson"/> gives the <c>history</c> array of <c>results.json</c>.</remarks>
[TypeFormatterSource(typeof(DisplayFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
public sealed class TrainingHistory : IHtmlDisplayable
{
    private readonly List<EpochRecord> epochs = [];
    private readonly List<BatchRecord> batches = [];

    /// <summary>One record per finished epoch.</summary>
    public IReadOnlyList<EpochRecord> Epochs => epochs;

    /// <summary>One record per optimizer step.</summary>
    public IReadOnlyList<BatchRecord> Batches => batches;

    /// <summary>The epochs as JSON objects with the snake_case keys of <c>results.json</c>.</summary>
    public JsonArray ToJson()
    {
        var array = new JsonArray();
        foreach (var e in epochs)
        {
            var norms = new JsonObject();
            foreach (var (name, norm) in e.WeightNorms)
            {
                norms[name] = norm;
            }

            array.Add(new JsonObject
            {
                ["epoch"] = e.Epoch,
                ["lr"] = e.LearningRate,
                ["momentum"] = e.Momentum,
                ["train_loss"] = e.TrainLoss,
                ["train_accuracy"] = e.TrainAccuracy,
                ["test_loss"] = e.TestLoss,
                ["test_accuracy"] = e.TestAccuracy,
                ["seconds"] = e.Seconds,
                ["weight_norm"] = e.WeightNorm,
                ["weight_norms"] = norms,
            });
        }

        return array;
    }

    /// <summary>The optimizer steps as JSON objects (<c>step, epoch, lr, momentum, loss, accuracy</c>).</summary>
    public JsonArray BatchesToJson()
    {
        var array = new JsonArray();
        foreach (var b in batches)
        {
            array.Add(new JsonObject
            {
                ["step"] = b.Step,
                ["epoch"] = b.Epoch,
                ["lr"] = b.LearningRate,
                ["momentum"] = b.Momentum,
                ["loss"] = b.Loss,
                ["accuracy"] = b.Accuracy,
            });
        }

        return array;
    }

    /// <summary>Rebuilds a history from <see cref="ToJson"/> and <see cref="BatchesToJson"/> output (checkpoints).</summary>
    public static TrainingHistory FromJson(JsonArray epochs, JsonArray batches)
    {
        ArgumentNullException.ThrowIfNull(epochs);
        ArgumentNullException.ThrowIfNull(batches);
        var history = new TrainingHistory();
        foreach (var node in epochs)
        {
            var e = node!.AsObject();
            var norms = e["weight_norms"]!.AsObject().ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<double>(), StringComparer.Ordinal);
            history.Add(new EpochRecord(
                e["epoch"]!.GetValue<int>(),
                e["lr"]!.GetValue<double>(),
                e["momentum"]?.GetValue<double>(),
                e["train_loss"]!.GetValue<double>(),
                e["train_accuracy"]!.GetValue<double>(),
                e["test_loss"]?.GetValue<double>(),
                e["test_accuracy"]?.GetValue<double>(),
                e["seconds"]!.GetValue<double>(),
                norms,
                e["weight_norm"]!.GetValue<double>()));
        }

        foreach (var node in batches)
        {
            var b = node!.AsObject();
            history.Add(new BatchRecord(
                b["step"]!.GetValue<long>(),
                b["epoch"]!.GetValue<int>(),
                b["lr"]!.GetValue<double>(),
                b["momentum"]?.GetValue<double>(),
                b["loss"]!.GetValue<double>(),
                b["accuracy"]!.GetValue<double>()));
        }

        return history;
    }

    /// <summary>Loss, accuracy (train and test) and learning rate per epoch (<see cref="Charts.TrainingHistory"/>).</summary>
    /// <exception cref="InvalidOperationException">No epoch has finished yet.</exception>
    public Figure Plot(string? title = null)
    {
        RequireEpochs();
        bool hasTest = epochs.All(e => e.TestLoss is not null);
        return Charts.TrainingHistory(
            epochs.Select(e => e.TrainLoss).ToArray(),
            hasTest ? epochs.Select(e => e.TestLoss!.Value).ToArray() : null,
            epochs.Select(e => e.TrainAccuracy).ToArray(),
            hasTest ? epochs.Select(e => e.TestAccuracy!.Value).ToArray() : null,
            epochs.Select(e => e.LearningRate).ToArray(),
            title);
    }

    /// <summary>The learning rate and loss of every optimizer step.</summary>
    /// <exception cref="InvalidOperationException">No step has been taken yet.</exception>
    public Figure PlotBatches(string? title = null)
    {
        if (batches.Count == 0)
        {
            throw new InvalidOperationException("The history has no steps yet: train first.");
        }

        var steps = batches.Select(b => (double)b.Step).ToArray();
        return Charts.Lines(steps, [new Series("loss", batches.Select(b => b.Loss).ToArray())], title ?? "Loss per step", "step", "loss");
    }

    /// <summary>The L2 norm of every parameter, and of all together, per epoch (<see cref="Charts.WeightNorms"/>).</summary>
    /// <exception cref="InvalidOperationException">No epoch has finished yet.</exception>
    public Figure PlotWeightNorms(string? title = null)
    {
        RequireEpochs();
        var x = epochs.Select(e => (double)e.Epoch).ToArray();
        var series = epochs[0].WeightNorms.Keys
            .Select(name => new Series(name, epochs.Select(e => e.WeightNorms[name]).ToArray()))
            .Prepend(new Series("total", epochs.Select(e => e.WeightNorm).ToArray()));
        return Charts.WeightNorms(x, series, title: title);
    }

    /// <inheritdoc/>
    public string ToHtml()
    {
        var html = new StringBuilder();
        html.Append("<table class=\"nbkit-history\"><thead><tr>");
        foreach (string h in Headers)
        {
            html.Append("<th style=\"padding:0 .6em\">").Append(WebUtility.HtmlEncode(h)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var row in Rows())
        {
            html.Append("<tr>");
            foreach (string cell in row)
            {
                html.Append("<td style=\"text-align:right;padding:0 .6em\">").Append(WebUtility.HtmlEncode(cell)).Append("</td>");
            }

            html.Append("</tr>");
        }

        return html.Append("</tbody></table>").ToString();
    }

    /// <summary>A text table, one line per epoch.</summary>
    public override string ToString()
    {
        var rows = Rows().ToList();
        var widths = Headers.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        var text = new StringBuilder();
        text.AppendLine(string.Join("  ", Headers.Select((h, i) => h.PadLeft(widths[i]))).TrimEnd());
        foreach (var row in rows)
        {
            text.AppendLine(string.Join("  ", row.Select((c, i) => c.PadLeft(widths[i]))));
        }

        return text.ToString().TrimEnd('\n');
    }

    internal void Add(EpochRecord record) => epochs.Add(record);

    private void RequireEpochs()
    {
        if (epochs.Count == 0)
        {
            throw new InvalidOperationException("The history has no epochs yet: train first.");
        }
    }

    internal void Add(BatchRecord record) => batches.Add(record);

    private static readonly string[] Headers = ["epoch", "lr", "momentum", "train_loss", "train_acc", "test_loss", "test_acc", "weight_norm", "seconds"];

    private IEnumerable<string[]> Rows() => epochs.Select(e => new[]
    {
        e.Epoch.ToString(CultureInfo.InvariantCulture),
        Format(e.LearningRate, "G4"),
        Format(e.Momentum, "G4"),
        Format(e.TrainLoss, "F4"),
        Format(e.TrainAccuracy, "F4"),
        Format(e.TestLoss, "F4"),
        Format(e.TestAccuracy, "F4"),
        Format(e.WeightNorm, "F3"),
        Format(e.Seconds, "F1"),
    });

    private static string Format(double? value, string format) =>
        value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "-";
}
