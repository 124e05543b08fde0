using NotebookKit.Nn;

namespace NotebookKit.Optim;

/// <summary>Helpers that build common parameter-group layouts.</summary>
public static class ParameterGroups
{
    /// <summary>
    /// Two groups: parameters with two or more dimensions (weights) get <paramref name="options"/>; 1-D parameters
    /// (biases, batch-norm scales and shifts) get the same options with weight decay 0.
    /// </summary>
    /// <remarks>
    /// The usual practice in timm and nanoGPT (<c>param.dim() &lt; 2</c> → no decay): decaying biases and normalisation
    /// parameters pulls them towards zero without regularising anything. A group that would be empty is left out.
    /// </remarks>
    public static IReadOnlyList<ParameterGroup<TOptions>> NoDecayForOneDimensional<TOptions>(IEnumerable<Parameter> parameters, TOptions options)
        where TOptions : class, IOptimizerOptions<TOptions>
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(options);
        var all = parameters.ToList();
        var decayed = all.Where(p => p.Shape.Count >= 2).ToList();
        var notDecayed = all.Where(p => p.Shape.Count < 2).ToList();
        var groups = new List<ParameterGroup<TOptions>>(2);
        if (decayed.Count > 0)
        {
            groups.Add(new ParameterGroup<TOptions>(decayed, options));
        }

        if (notDecayed.Count > 0)
        {
            groups.Add(new ParameterGroup<TOptions>(notDecayed, options.WithWeightDecay(0)));
        }

        if (groups.Count == 0)
        {
            throw new ArgumentException("No parameters were given.", nameof(parameters));
        }

        return groups;
    }
}
