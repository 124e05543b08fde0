using System.Text.Json.Nodes;

namespace NotebookKit.Notebooks.Execution;

/// <summary>Displayed outputs by display id, so an update (Jupyter <c>update_display_data</c>) replaces every output
/// shown with that id, in whichever cell of the notebook it is.</summary>
public sealed class DisplayRegistry
{
    private readonly Dictionary<string, List<CellOutput>> byId = new(StringComparer.Ordinal);

    /// <summary>Remembers that <paramref name="output"/> shows display <paramref name="displayId"/>.</summary>
    public void Add(string displayId, CellOutput output)
    {
        ArgumentNullException.ThrowIfNull(displayId);
        ArgumentNullException.ThrowIfNull(output);
        lock (byId)
        {
            if (!byId.TryGetValue(displayId, out var list))
            {
                byId[displayId] = list = [];
            }

            list.Add(output);
        }
    }

    /// <summary>Replaces the data (and metadata) of every output showing <paramref name="displayId"/>; unknown ids are ignored.</summary>
    public void Update(string displayId, IReadOnlyDictionary<string, object> data, JsonObject metadata)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(metadata);
        lock (byId)
        {
            if (!byId.TryGetValue(displayId, out var list))
            {
                return;
            }

            foreach (var output in list)
            {
                lock (output)
                {
                    output.ReplaceData(data);
                    output.Metadata.Clear();
                    foreach (var (key, value) in metadata)
                    {
                        output.Metadata[key] = value?.DeepClone();
                    }
                }
            }
        }
    }
}
