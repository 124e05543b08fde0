namespace NotebookKit.Tests.Nn;

/// <summary>Tests that set the global <see cref="NotebookKit.Nn.NnThreads.Count"/> run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NnThreadsCollection
{
    public const string Name = "NnThreads";
}
