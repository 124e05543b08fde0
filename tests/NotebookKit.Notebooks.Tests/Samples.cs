namespace NotebookKit.Notebooks.Tests;

/// <summary>Paths of the committed sample notebooks (copied next to the tests).</summary>
internal static class Samples
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Samples");

    public static string PathOf(string file) => Path.Combine(Folder, file);

    public static Notebook Load(string file) => Notebook.Load(PathOf(file));
}
