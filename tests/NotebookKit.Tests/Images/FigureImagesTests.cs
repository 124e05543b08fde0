using System.Buffers.Binary;
using NotebookKit.Images;
using NotebookKit.Plotting;
using NotebookKit.Tests.Plotting;

namespace NotebookKit.Tests.Images;

/// <summary>Real Chromium: PNG/SVG export has the asked-for size and files are written whole.</summary>
public class FigureImagesTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task Png_export_has_the_requested_size()
    {
        Figure figure = SampleFigures.All().Single(f => f.Name == "schedules-momentum").Figure;
        byte[] png = await chromium.Exporter.ToPngAsync(figure, 640, 360);
        (int width, int height) = PngSize(png);
        Assert.Equal((640, 360), (width, height));

        byte[] doubled = await chromium.Exporter.ToPngAsync(figure.ToJson(), 300, 200, scale: 2);
        Assert.Equal((600, 400), PngSize(doubled));
        string folder = Path.Combine(JsonSnapshot.RepoRoot(), "artifacts", "plotting");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "export.png"), png);
    }

    [Fact]
    public async Task Static_helper_exports_plotly_json_with_its_own_browser()
    {
        // The runner's --png path: plotly JSON from a notebook output, one call, its own browser.
        string json = SampleFigures.All().Single(f => f.Name == "bar").Figure.ToJson();
        Assert.Equal((320, 240), PngSize(await FigureImages.ToPngAsync(json, 320, 240)));
    }

    [Fact]
    public async Task Image_files_are_written_whole_via_a_temp_file()
    {
        string dir = Directory.CreateTempSubdirectory("nbkit-png-").FullName;
        try
        {
            string path = Path.Combine(dir, "chart.png");
            File.WriteAllText(path, "old");
            byte[] png = await chromium.Exporter.ToPngAsync(SampleFigures.All().Single(f => f.Name == "confusion-matrix").Figure, 400, 300);
            await FigureImages.WriteAtomicallyAsync(path, png, CancellationToken.None);
            Assert.Equal((400, 300), PngSize(File.ReadAllBytes(path)));
            Assert.Equal([path], Directory.GetFiles(dir));
            await Assert.ThrowsAsync<DirectoryNotFoundException>(() => FigureImages.WriteAtomicallyAsync(Path.Combine(dir, "missing", "x.png"), png, CancellationToken.None));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Svg_export_is_an_svg_document_of_the_requested_size()
    {
        string svg = await chromium.Exporter.ToSvgAsync(SampleFigures.All().Single(f => f.Name == "bar").Figure, 500, 300);
        Assert.StartsWith("<svg", svg, StringComparison.Ordinal);
        Assert.Contains("width=\"500\"", svg, StringComparison.Ordinal);
        Assert.Contains("height=\"300\"", svg, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_plotly_json_is_rejected_before_the_browser()
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(() => chromium.Exporter.ToPngAsync("{not json", 100, 100));
        Assert.Contains("not valid JSON", e.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => chromium.Exporter.ToPngAsync("{}", 0, 100));
    }

    /// <summary>Width and height from the IHDR chunk (bytes 16..23, big-endian).</summary>
    private static (int Width, int Height) PngSize(byte[] png)
    {
        Assert.True(png.Length > 24);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }
}
