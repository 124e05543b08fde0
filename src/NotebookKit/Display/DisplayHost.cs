using System.Reflection;

namespace NotebookKit.Display;

/// <summary>The front end that <see cref="LiveDisplay"/> shows values in.</summary>
public static class DisplayHost
{
    private static readonly AsyncLocal<IDisplayHost?> CurrentHost = new();
    private static IDisplayHost? detected;

    /// <summary>
    /// The host registered by the code that runs the cells (the kit's runner and kernel set it while cells run), or
    /// null: then the .NET Interactive kernel is used when it is loaded, and values are not shown otherwise.
    /// </summary>
    /// <remarks>Flows with the execution context (like the runner's output sink): set it where the cells run, and the
    /// cells' code and the threads and tasks it starts see it; other code in the process does not.</remarks>
    public static IDisplayHost? Current
    {
        get => CurrentHost.Value;
        set => CurrentHost.Value = value;
    }

    /// <summary>The host values go to now: <see cref="Current"/>, else the .NET Interactive kernel, else null.</summary>
    public static IDisplayHost? Resolve()
    {
        if (Current is { } registered)
        {
            return registered;
        }

        if (Volatile.Read(ref detected) is { } found)
        {
            return found;
        }

        // Only a hit is remembered: the kernel's assemblies are loaded before any notebook code runs.
        IDisplayHost? host = DotNetInteractiveHost.TryCreate(AppDomain.CurrentDomain.GetAssemblies());
        if (host is not null)
        {
            Volatile.Write(ref detected, host);
        }

        return host;
    }

    /// <summary>Forgets a detected kernel (tests that load and unload a stand-in).</summary>
    internal static void ForgetDetected() => Volatile.Write(ref detected, null);

    /// <summary>True when <paramref name="assembly"/> defines <paramref name="fullName"/>; false for assemblies that cannot list types.</summary>
    internal static Type? FindType(Assembly assembly, string fullName)
    {
        try
        {
            return assembly.IsDynamic ? null : assembly.GetType(fullName, throwOnError: false);
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException or TypeLoadException)
        {
            return null;
        }
    }
}
