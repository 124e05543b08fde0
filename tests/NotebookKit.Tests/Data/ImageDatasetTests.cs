using NotebookKit.Data;
using NotebookKit.Display;

namespace NotebookKit.Tests.Data;

public sealed class ImageDatasetTests
{
    private static readonly string[] Names = ["a", "b", "c"];

    /// <summary>Image i is one 1x1x2 image whose bytes are (i, label) so subsets can be checked by eye.</summary>
    private static ImageDataset Make(params byte[] labels) => new(
        "toy/train",
        [.. labels.SelectMany((label, i) => new[] { (byte)i, label })],
        labels,
        1,
        1,
        2,
        Names,
        "/somewhere");

    [Fact]
    public void Stratified_keeps_the_first_n_of_each_class_in_dataset_order()
    {
        var data = Make(2, 0, 0, 1, 2, 0, 2, 1, 2);

        var subset = data.Stratified(2);

        // First two of class 0: images 1, 2; class 1: 3, 7; class 2: 0, 4; kept in dataset order.
        Assert.Equal(new byte[] { 2, 0, 0, 1, 2, 1 }, subset.Labels);
        Assert.Equal(new byte[] { 0, 2, 1, 0, 2, 0, 3, 1, 4, 2, 7, 1 }, subset.Pixels);
        Assert.Equal("toy/train (2 per class)", subset.Name);
        Assert.Equal(data.Source, subset.Source);
    }

    [Fact]
    public void Stratified_takes_all_of_a_small_class_and_rejects_zero()
    {
        var data = Make(0, 0, 0, 1);

        Assert.Equal(new[] { 2, 1, 0 }, data.Stratified(2).ClassCounts());
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Stratified(0));
    }

    [Fact]
    public void StratifiedSplit_gives_the_stratified_subset_and_the_next_images_of_each_class()
    {
        var data = Make(2, 0, 0, 1, 2, 0, 2, 1, 2, 0, 1);

        var (train, validation) = data.StratifiedSplit(2, 1);

        Assert.Equal(data.Stratified(2).Labels, train.Labels);
        Assert.Equal(data.Stratified(2).Pixels, train.Pixels);
        // Third image of class 0: image 5; class 1: image 10; class 2: image 6; in dataset order.
        Assert.Equal(new byte[] { 0, 2, 1 }, validation.Labels);
        Assert.Equal(new byte[] { 5, 0, 6, 2, 10, 1 }, validation.Pixels);
        Assert.Contains("validation", validation.Name, StringComparison.Ordinal);
    }

    [Fact]
    public void StratifiedSplit_fills_the_training_share_first_and_rejects_non_positive_sizes()
    {
        var data = Make(0, 0, 0, 1);

        var (train, validation) = data.StratifiedSplit(2, 5);

        Assert.Equal(new[] { 2, 1, 0 }, train.ClassCounts());
        Assert.Equal(new[] { 1, 0, 0 }, validation.ClassCounts());
        var e = Assert.Throws<ArgumentException>(() => data.StratifiedSplit(0, 1));
        Assert.Contains("trainPerClass must be positive", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => data.StratifiedSplit(1, 0));
    }

    [Fact]
    public void WithNoisyLabels_redraws_about_the_given_fraction_and_is_reproducible()
    {
        var labels = Enumerable.Range(0, 3000).Select(i => (byte)(i % 3)).ToArray();
        var data = Make(labels);

        var noisy = data.WithNoisyLabels(0.6, seed: 7);
        int wrong = noisy.Labels.Zip(data.Labels).Count(p => p.First != p.Second);

        // Expected wrong labels: 0.6 * (1 - 1/3) * 3000 = 1200; the binomial sd is about 26.
        Assert.InRange(wrong, 1100, 1300);
        Assert.Equal(noisy.Labels, data.WithNoisyLabels(0.6, seed: 7).Labels);
        Assert.NotEqual(noisy.Labels, data.WithNoisyLabels(0.6, seed: 8).Labels);
        Assert.Equal(data.Pixels, noisy.Pixels);
        Assert.Equal(data.Labels, data.WithNoisyLabels(0, seed: 7).Labels);
        Assert.All(noisy.Labels, l => Assert.InRange(l, 0, 2));
        Assert.Equal((byte)0, data.Labels[0]);
    }

    [Fact]
    public void WithNoisyLabels_rejects_a_fraction_outside_zero_to_one()
    {
        var data = Make(0, 1);

        var e = Assert.Throws<ArgumentException>(() => data.WithNoisyLabels(1.5, 0));

        Assert.Contains("between 0 and 1", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => data.WithNoisyLabels(double.NaN, 0));
    }

    [Fact]
    public void Take_is_a_prefix_and_clamps_like_linq()
    {
        var data = Make(2, 0, 1, 1);

        Assert.Equal(new byte[] { 2, 0 }, data.Take(2).Labels);
        Assert.Equal(new byte[] { 0, 2, 1, 0 }, data.Take(2).Pixels);
        Assert.Same(data, data.Take(10));
        Assert.Equal(0, data.Take(0).Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Take(-1));
    }

    [Fact]
    public void Subset_picks_images_in_the_given_order()
    {
        var data = Make(2, 0, 1);

        var subset = data.Subset([2, 0]);

        Assert.Equal(new byte[] { 1, 2 }, subset.Labels);
        Assert.Equal(new byte[] { 2, 1, 0, 2 }, subset.Pixels);
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Subset([3]));
    }

    [Fact]
    public void Summary_counts_classes_and_renders_text_and_html()
    {
        var data = Make(2, 0, 2, 2) with { Name = "toy <train>" };

        var summary = data.Summarize();

        Assert.Equal(new[] { 1, 0, 3 }, summary.ClassCounts);
        Assert.Equal("1x1x2", summary.Shape);
        Assert.Equal("toy <train>: 4 images, 1x1x2, 3 classes (a 1, b 0, c 3) from /somewhere", data.ToString());
        string html = data.ToHtml();
        Assert.Contains("toy &lt;train&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<td style=\"text-align:left\">c</td><td style=\"text-align:right\">3</td>", html, StringComparison.Ordinal);
        Assert.Contains("/somewhere", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Datasets_and_splits_render_through_the_display_formatter()
    {
        var split = new TrainTestSplit(Make(0, 1), Make(2));
        var source = new NotebookKit.Display.DisplayFormatterSource();
        var html = source.CreateTypeFormatters().Cast<NotebookKit.Display.DisplayFormatterSource.MimeFormatter>().Single(f => f.MimeType == "text/html");
        using var writer = new StringWriter();

        Assert.True(html.Format(split, writer));
        Assert.Equal(2, writer.ToString().Split("<table", StringSplitOptions.None).Length - 1);
        Assert.Contains("nbkit-split", writer.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, split.ToString().Split(Environment.NewLine).Length);
    }

    [Fact]
    public void A_label_outside_the_class_names_is_reported_but_to_string_still_works()
    {
        var data = Make(0, 5);

        var e = Assert.Throws<InvalidOperationException>(() => data.ClassCounts());

        Assert.Contains("image 1 has label 5", e.Message, StringComparison.Ordinal);
        Assert.Contains("out of range", data.ToString(), StringComparison.Ordinal);
    }
}
