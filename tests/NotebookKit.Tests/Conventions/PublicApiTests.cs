using System.Reflection;
using NotebookKit.Images;
using PublicApiGenerator;

namespace NotebookKit.Tests.Conventions;

/// <summary>
/// The public API of the library and of NotebookKit.Images, snapshotted, so that every change to it is deliberate: a
/// change fails this test until the snapshot in <c>Conventions/PublicApi/</c> is updated with it (run the tests with
/// <c>NBKIT_UPDATE_API=1</c>, then review and commit the diff).
/// </summary>
public sealed class PublicApiTests
{
    public static TheoryData<string> Assemblies() => new() { "NotebookKit", "NotebookKit.Images" };

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void The_public_api_matches_its_snapshot(string name)
    {
        Assembly assembly = name == "NotebookKit" ? ArchitectureTests.Library : typeof(FigureImageExporter).Assembly;
        string actual = Normalize(assembly.GeneratePublicApi(new ApiGeneratorOptions { IncludeAssemblyAttributes = false }));
        string path = Path.Combine(ArchitectureTests.RepositoryRoot(), "tests", "NotebookKit.Tests", "Conventions", "PublicApi", $"{name}.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (Environment.GetEnvironmentVariable("NBKIT_UPDATE_API") == "1")
        {
            File.WriteAllText(path, actual);
        }

        string expected = File.Exists(path) ? Normalize(File.ReadAllText(path)) : "";
        if (expected != actual)
        {
            string received = Path.ChangeExtension(path, ".received.txt");
            File.WriteAllText(received, actual);
            Assert.Fail($"The public API of {name} changed. If the change is deliberate, run the tests with NBKIT_UPDATE_API=1 " +
                $"(or copy {received} over {path}) and commit the snapshot. First difference: {FirstDifference(expected, actual)}");
        }
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd() + "\n";

    private static string FirstDifference(string expected, string actual)
    {
        string[] a = expected.Split('\n'), b = actual.Split('\n');
        for (int i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            string x = i < a.Length ? a[i] : "(end)", y = i < b.Length ? b[i] : "(end)";
            if (x != y)
            {
                return $"line {i + 1}: snapshot \"{x.Trim()}\", now \"{y.Trim()}\"";
            }
        }

        return "(none)";
    }
}
