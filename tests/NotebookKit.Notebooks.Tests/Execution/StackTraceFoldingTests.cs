namespace NotebookKit.Notebooks.Tests;

public sealed class StackTraceFoldingTests
{
    private static string[] Repeat(string[] cycle, int times) => [.. Enumerable.Repeat(cycle, times).SelectMany(c => c)];

    [Fact]
    public void A_short_trace_without_repeats_is_unchanged()
    {
        string[] lines = ["   at A.Inner()", "   at A.Middle()", "   at A.Middle()", "   at A.Outer()"];

        Assert.Equal(lines, StackTraceFolding.Fold(lines));
    }

    [Fact]
    public void A_run_of_identical_frames_shows_once_with_a_count()
    {
        string[] lines = ["   at A.Throw()", .. Repeat(["   at A.Deep(Int32 n)"], 498), "   at A.Main()"];

        Assert.Equal(["   at A.Throw()", "   at A.Deep(Int32 n)", "   ... the line above repeated 497 more times", "   at A.Main()"],
            StackTraceFolding.Fold(lines));
    }

    [Fact]
    public void Three_identical_frames_fold_and_two_stay_as_they_are()
    {
        Assert.Equal(["   at A.B()", "   ... the line above repeated 2 more times"], StackTraceFolding.Fold(Repeat(["   at A.B()"], 3)));
        Assert.Equal(["   at A.B()", "   at A.B()"], StackTraceFolding.Fold(Repeat(["   at A.B()"], 2)));
    }

    [Fact]
    public void A_cycle_of_two_frames_shows_once_with_a_count()
    {
        string[] lines = ["   at A.Throw()", .. Repeat(["   at A.Ping()", "   at A.Pong()"], 150), "   at A.Main()"];

        Assert.Equal(["   at A.Throw()", "   at A.Ping()", "   at A.Pong()", "   ... the 2 lines above repeated 149 more times", "   at A.Main()"],
            StackTraceFolding.Fold(lines));
    }

    [Fact]
    public void A_cycle_of_three_frames_shows_once_with_a_count()
    {
        string[] lines = Repeat(["   at A.X()", "   at A.Y()", "   at A.Z()"], 4);

        Assert.Equal(["   at A.X()", "   at A.Y()", "   at A.Z()", "   ... the 3 lines above repeated 3 more times"], StackTraceFolding.Fold(lines));
    }

    [Fact]
    public void A_long_trace_without_repeats_keeps_its_first_and_last_frames_and_counts_the_rest()
    {
        string[] lines = [.. Enumerable.Range(0, 100).Select(i => $"   at A.M{i}()")];

        var folded = StackTraceFolding.Fold(lines, maxShownFrames: 40);

        Assert.Equal(41, folded.Count);
        Assert.Equal(lines.Take(35), folded.Take(35));
        Assert.Equal("   ... 60 more frames not shown ...", folded[35]);
        Assert.Equal(lines.TakeLast(5), folded.Skip(36));
    }

    [Fact]
    public void Frames_compare_by_the_given_comparer_and_only_shown_frames_are_formatted()
    {
        int[] frames = [.. Enumerable.Repeat(7, 100_000), 8];
        int formatted = 0;

        var folded = StackTraceFolding.Fold(frames, f => { formatted++; return $"   at F{f}()"; }, EqualityComparer<int>.Default);

        Assert.Equal(["   at F7()", "   ... the line above repeated 99999 more times", "   at F8()"], folded);
        Assert.Equal(2, formatted);
    }
}
