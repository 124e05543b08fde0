namespace NotebookKit.Training.RangeTest;

/// <summary>Learning rates suggested by a range test (fastai <c>SuggestedLRs</c>); null when too few points were recorded.</summary>
/// <param name="Valley">fastai <c>valley</c> (its default): halfway into the lower third of the longest decreasing stretch.</param>
/// <param name="Steep">fastai <c>steep</c>: where the loss falls fastest against log(lr).</param>
/// <param name="Minimum">fastai <c>minimum</c>: the learning rate at the lowest loss, divided by 10.</param>
public sealed record RangeTestSuggestions(double? Valley, double? Steep, double? Minimum);
