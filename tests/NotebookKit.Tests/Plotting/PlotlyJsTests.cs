using NotebookKit.Plotting;

namespace NotebookKit.Tests.Plotting;

public class PlotlyJsTests
{
    [Fact]
    public void Embedded_bundle_is_the_pinned_plotly_js_with_its_licence()
    {
        Assert.Matches(@"^[34]\.\d+\.\d+$", PlotlyJs.Version); // plotly.js 3.x or 4.x, as the brief pins
        Assert.StartsWith("/**", PlotlyJs.Script, StringComparison.Ordinal);
        Assert.Contains($"plotly.js v{PlotlyJs.Version}", PlotlyJs.Script[..200], StringComparison.Ordinal);
        Assert.Contains("window.Plotly = Plotly", PlotlyJs.Script[^500..], StringComparison.Ordinal);
        Assert.True(PlotlyJs.Script.Length > 1_000_000);
        Assert.Contains("MIT License", PlotlyJs.License, StringComparison.Ordinal);
        Assert.Equal($"https://cdn.plot.ly/plotly-{PlotlyJs.Version}.min.js", PlotlyJs.CdnUrl);
    }

    [Fact]
    public void Bundle_matches_the_version_pinned_in_the_update_script()
    {
        string script = File.ReadAllText(Path.Combine(JsonSnapshot.RepoRoot(), "tools", "update-plotly.sh"));
        Assert.Contains($"version=\"${{1:-{PlotlyJs.Version}}}\"", script, StringComparison.Ordinal);
    }
}
