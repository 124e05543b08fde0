namespace NotebookKit.Nn.Models;

/// <summary>Builds a model by name, for configs and the CLI.</summary>
public static class Models
{
    /// <summary>The names <see cref="Create"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["mlp", "lenet", "minivggnet"];

    /// <summary>Creates <c>mlp</c> (hidden widths 256, 128), <c>lenet</c> or <c>minivggnet</c> for [channels, height, width] inputs.</summary>
    /// <exception cref="ArgumentException">The name is unknown.</exception>
    public static SequentialModel Create(string name, int channels, int height, int width, int classes, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.ToLowerInvariant() switch
        {
            "mlp" => new Mlp([channels, height, width], [256, 128], classes, seed),
            "lenet" => new LeNet(channels, height, width, classes, seed),
            "minivggnet" => new MiniVGGNet(channels, height, width, classes, seed),
            _ => throw new ArgumentException($"Unknown model '{name}'; expected one of: {string.Join(", ", Names)}.", nameof(name)),
        };
    }
}
