namespace NotebookKit.Optim;

/// <summary>One parameter's optimizer state: its step count (PyTorch <c>state[p]['step']</c>) and named buffers.</summary>
internal sealed class ParameterState
{
    /// <summary>Updates applied so far (1 during the first update).</summary>
    public long Step { get; set; }

    /// <summary>Buffers by PyTorch name (<c>exp_avg</c>, <c>momentum_buffer</c>, ...), created when PyTorch creates them.</summary>
    public Dictionary<string, float[]> Buffers { get; } = new(StringComparer.Ordinal);

    /// <summary>The named buffer, created zero-filled (or filled with <paramref name="fill"/>) on first use.</summary>
    public float[] Buffer(string name, int length, float fill = 0f)
    {
        if (!Buffers.TryGetValue(name, out float[]? buffer))
        {
            buffer = new float[length];
            if (fill != 0f)
            {
                Array.Fill(buffer, fill);
            }

            Buffers[name] = buffer;
        }

        return buffer;
    }
}
