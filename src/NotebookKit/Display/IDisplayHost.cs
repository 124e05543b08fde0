namespace NotebookKit.Display;

/// <summary>
/// Where a notebook front end shows values: the kit's runner and kernel register one as <see cref="DisplayHost.Current"/>;
/// in the .NET Interactive kernel the library finds the kernel's formatter by reflection.
/// </summary>
public interface IDisplayHost
{
    /// <summary>Shows <paramref name="value"/> as a new output of the running cell (all its mime types).</summary>
    /// <returns>A handle that replaces this same output.</returns>
    IDisplayHandle Display(object? value);
}

/// <summary>One displayed output.</summary>
public interface IDisplayHandle
{
    /// <summary>Replaces the output's value in place (same output, same mime types).</summary>
    void Update(object? value);
}
