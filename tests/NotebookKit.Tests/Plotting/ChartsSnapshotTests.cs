using NotebookKit.Plotting;

namespace NotebookKit.Tests.Plotting;

public class ChartsSnapshotTests
{
    public static TheoryData<string> Names() => [.. SampleFigures.All().Select(f => f.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public void Chart_json_matches_its_snapshot(string name)
    {
        Figure figure = SampleFigures.All().Single(f => f.Name == name).Figure;
        JsonSnapshot.Match(name, figure.ToJson());
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Chart_json_uses_nothing_plotly_js_3_or_4_removed(string name)
    {
        Figure figure = SampleFigures.All().Single(f => f.Name == name).Figure;
        Assert.Empty(RemovedAttributes.Find(figure.ToJson()));
    }

    [Fact]
    public void Deny_list_catches_removed_attributes()
    {
        string old = """
            {"data":[{"type":"heatmapgl","zsrc":"abc:1"}],
             "layout":{"title":"plain","xaxis":{"titlefont":{"size":3},"autotick":true},"mapbox":{}},
             "config":{"showLink":true}}
            """;
        List<string> problems = RemovedAttributes.Find(old);
        Assert.Contains(problems, p => p.StartsWith("$.data[0].type", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("$.data[0].zsrc", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("$.layout.title", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("$.layout.xaxis.titlefont", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("$.layout.xaxis.autotick", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("$.layout.mapbox", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("$.config.showLink", StringComparison.Ordinal));
    }

    [Fact]
    public void Snapshot_comparison_fails_on_a_changed_number()
    {
        Figure figure = SampleFigures.All().Single(f => f.Name == "bar").Figure;
        string changed = figure.ToJson().Replace("0.78", "0.79", StringComparison.Ordinal);
        if (Environment.GetEnvironmentVariable(JsonSnapshot.UpdateVariable) == "1")
        {
            return; // update mode writes instead of comparing
        }

        Assert.ThrowsAny<Exception>(() => JsonSnapshot.Match("bar", changed));
    }
}
