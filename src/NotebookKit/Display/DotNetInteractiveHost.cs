using System.Collections;
using System.Reflection;

namespace NotebookKit.Display;

/// <summary>
/// Shows values in the .NET Interactive kernel without referencing it, and updates them in place.
/// </summary>
/// <remarks>
/// <para>The kernel's <c>display(x)</c> (<c>DisplayExtensions.Display</c> in its Formatting project) raises the
/// formatter event with one <c>DisplayedValue</c> and returns a second one. Each <c>DisplayedValue</c> draws its own
/// <c>DisplayId</c> (a new GUID), so <c>handle.Update(y)</c> publishes <c>DisplayedValueUpdated</c> for an id no output
/// has, and the front end adds a second output instead of replacing the first.</para>
/// <para>This host builds one <c>DisplayedValue</c> from the kernel's own <c>FormattedValue.CreateManyFromObject</c>,
/// raises the formatter event with it (<c>Formatter.RaiseFormatterEvent</c>, what <c>display</c> does) and keeps
/// it, so its <c>Update</c> carries the id of the output it created. Kernels whose <c>DisplayedValue</c> lives in the
/// <c>Microsoft.DotNet.Interactive</c> namespace (before the formatter event existed) return a working handle from
/// <c>Kernel.display</c>, which is used as is.</para>
/// </remarks>
internal sealed class DotNetInteractiveHost : IDisplayHost
{
    private const string Formatting = "Microsoft.DotNet.Interactive.Formatting";

    private readonly Func<object?, object> display;

    private DotNetInteractiveHost(Func<object?, object> display) => this.display = display;

    /// <summary>A host for the kernel found among <paramref name="assemblies"/>, or null when none is loaded.</summary>
    public static IDisplayHost? TryCreate(IEnumerable<Assembly> assemblies)
    {
        foreach (Assembly assembly in assemblies)
        {
            if (FormatterEventRoute(assembly) is { } route)
            {
                return new DotNetInteractiveHost(route);
            }
        }

        foreach (Assembly assembly in assemblies)
        {
            if (KernelDisplayRoute(assembly) is { } route)
            {
                return new DotNetInteractiveHost(route);
            }
        }

        return null;
    }

    /// <inheritdoc/>
    public IDisplayHandle Display(object? value) => new Handle(display(value));

    /// <summary>The formatter-event kernels: build the DisplayedValue, raise the event with it, return that same one.</summary>
    private static Func<object?, object>? FormatterEventRoute(Assembly assembly)
    {
        Type? displayed = DisplayHost.FindType(assembly, $"{Formatting}.DisplayedValue");
        Type? formatted = DisplayHost.FindType(assembly, $"{Formatting}.FormattedValue");
        Type? formatter = DisplayHost.FindType(assembly, $"{Formatting}.Formatter");
        if (displayed is null || formatted is null || formatter is null)
        {
            return null;
        }

        MethodInfo? createMany = formatted.GetMethod("CreateManyFromObject", BindingFlags.Public | BindingFlags.Static, [typeof(object), typeof(string[])]);
        MethodInfo? raise = formatter.GetMethod("RaiseFormatterEvent", BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Static, [displayed]);
        ConstructorInfo? constructor = displayed.GetConstructors().FirstOrDefault(c =>
            c.GetParameters() is [var v, var f] && v.ParameterType == typeof(object) && f.ParameterType.IsAssignableFrom(createMany?.ReturnType ?? typeof(void)));
        if (createMany is null || raise is null || constructor is null || displayed.GetMethod("Update", [typeof(object)]) is null)
        {
            return null;
        }

        return value =>
        {
            // Empty mime types: the kernel uses the type's preferred ones (for our types, from TypeFormatterSource).
            object formattedValues = Invoke(createMany, null, [value, Array.Empty<string>()])!;
            object shown = constructor.Invoke([value, formattedValues]);
            Invoke(raise, null, [shown]);
            return shown;
        };
    }

    /// <summary>Older kernels: <c>Kernel.display(value, mimeTypes)</c> returns a handle whose Update targets its output.</summary>
    private static Func<object?, object>? KernelDisplayRoute(Assembly assembly)
    {
        Type? kernel = DisplayHost.FindType(assembly, "Microsoft.DotNet.Interactive.Kernel");
        MethodInfo? display = kernel?.GetMethod("display", BindingFlags.Public | BindingFlags.Static, [typeof(object), typeof(string[])]);
        if (display is null || display.ReturnType.Namespace != "Microsoft.DotNet.Interactive" || display.ReturnType.GetMethod("Update", [typeof(object)]) is null)
        {
            return null;
        }

        return value => Invoke(display, null, [value, Array.Empty<string>()])
            ?? throw new InvalidOperationException("The .NET Interactive kernel's display(...) returned no handle.");
    }

    private static object? Invoke(MethodBase method, object? target, object?[] arguments)
    {
        try
        {
            return method.Invoke(target, arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is { } inner)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(inner).Throw();
            throw;
        }
    }

    private sealed class Handle(object displayed) : IDisplayHandle
    {
        private readonly MethodInfo update = displayed.GetType().GetMethod("Update", [typeof(object)])!;

        public void Update(object? value) => Invoke(update, displayed, [value]);
    }
}
