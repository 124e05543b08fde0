using System.Globalization;
using System.Net;
using NotebookKit.Display;
using NotebookKit.Plotting;

namespace NotebookKit.Training;

/// <summary>A model's loss, accuracy and predictions on a dataset.</summary>
/// <param name="Loss">The mean loss over all images.</param>
/// <param name="Accuracy">The fraction of images classified correctly.</param>
/// <param name="Labels">The true class of each image, in dataset order.</param>
/// <param name="Predictions">The predicted class (arg-max of the logits, first on ties) of each image, in dataset order.</param>
/// <param name="ClassNames">Class names, indexed by label.</param>
[TypeFormatterSource(typeof(DisplayFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
public sealed record EvaluationResult(double Loss, double Accuracy, int[] Labels, int[] Predictions, IReadOnlyList<string> ClassNames) : IHtmlDisplayable
{
    /// <summary>The confusion matrix of these predictions.</summary>
    public ConfusionMatrix ConfusionMatrix() => Training.ConfusionMatrix.From(Labels, Predictions, ClassNames);

    /// <summary>The scikit-learn style classification report of these predictions.</summary>
    public ClassificationReport ClassificationReport() => Training.ClassificationReport.From(Labels, Predictions, ClassNames);

    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"loss {Loss:F4}, accuracy {Accuracy:F4} on {Labels.Length} images");

    /// <inheritdoc/>
    public string ToHtml() => $"<p>{WebUtility.HtmlEncode(ToString())}</p>";
}
