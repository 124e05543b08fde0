using NotebookKit.Display;

namespace NotebookKit.Data;

/// <summary>A dataset's training and test splits, as returned by <see cref="FashionMnist.Load"/> and <see cref="Cifar10.Load"/>.</summary>
/// <param name="Train">The training split (PyTorch <c>train=True</c>).</param>
/// <param name="Test">The test split (PyTorch <c>train=False</c>).</param>
/// <remarks>Deconstructs: <c>var (train, test) = FashionMnist.Load();</c></remarks>
[TypeFormatterSource(typeof(DisplayFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
public sealed record TrainTestSplit(ImageDataset Train, ImageDataset Test) : IHtmlDisplayable
{
    /// <summary>The training split.</summary>
    public ImageDataset Train { get; init; } = Train ?? throw new ArgumentNullException(nameof(Train));

    /// <summary>The test split.</summary>
    public ImageDataset Test { get; init; } = Test ?? throw new ArgumentNullException(nameof(Test));

    /// <summary>Both splits cut to their first <paramref name="perClass"/> images per class (see <see cref="ImageDataset.Stratified"/>).</summary>
    public TrainTestSplit Stratified(int perClass) => new(Train.Stratified(perClass), Test.Stratified(perClass));

    /// <summary>Both splits' summary tables side by side.</summary>
    public string ToHtml() =>
        "<div class=\"nbkit-split\" style=\"display:flex;gap:2em;align-items:flex-start\">"
        + Train.ToHtml() + Test.ToHtml() + "</div>";

    /// <summary>Two lines: the training and the test summary.</summary>
    public override string ToString() => Train + Environment.NewLine + Test;
}
