namespace NotebookKit.Specs;

/// <summary>Key paths as messages write them: keys joined by dots, list items as <c>[i]</c> (<c>scheduler.schedulers[1].gamma</c>).</summary>
public static class SpecPath
{
    /// <summary>The path of <paramref name="key"/> inside the object at <paramref name="path"/>.</summary>
    public static string Key(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    /// <summary>The path of item <paramref name="index"/> of the list at <paramref name="path"/>.</summary>
    public static string Item(string path, int index) => $"{path}[{index}]";
}
