using System.Globalization;
using NotebookKit.Nn;
using NotebookKit.Tensors;

namespace NotebookKit.Cli;

/// <summary>
/// Refuses, before any work, a setting whose memory cannot exist on this machine (a batch of 10^8 images, 2·10^9
/// parameters): one message naming the setting, what it needs, the limit and a value that fits, instead of an
/// out-of-memory failure (or the kernel's OOM killer) minutes later.
/// </summary>
internal static class MemoryBudget
{
    /// <summary>The share of the memory available to the process that one command may plan to use.</summary>
    public const double Share = 0.8;

    /// <summary>Memory available to this process: physical memory, or the container's or GC's limit when lower.</summary>
    public static long Available => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>The most bytes a command may plan to use.</summary>
    public static double Limit => Share * Available;

    /// <summary>Throws when <paramref name="bytes"/> exceed <see cref="Limit"/>.</summary>
    /// <param name="bytes">What the setting needs.</param>
    /// <param name="what">The setting and what it asks for, e.g. "--params 2000000000 (7 float32 arrays of that length)".</param>
    /// <param name="advice">A value that fits, e.g. "use --params 450000000 or less".</param>
    /// <exception cref="ArgumentException">The setting needs more than the limit.</exception>
    public static void Require(double bytes, string what, string advice)
    {
        if (bytes > Limit)
        {
            throw new ArgumentException(
                $"{what} needs about {Size(bytes)} of memory, more than the {Size(Limit)} a run may use here ({Share:P0} of the {Size(Available)} available); {advice}.");
        }
    }

    /// <summary>Throws when <paramref name="elements"/> exceed what one array can hold.</summary>
    public static void RequireArray(double elements, string what, string advice)
    {
        if (elements > Array.MaxLength)
        {
            throw new ArgumentException($"{what} is {elements.ToString("0.###e0", CultureInfo.InvariantCulture)} values, more than one array holds ({Array.MaxLength}); {advice}.");
        }
    }

    /// <summary>
    /// The bytes one image adds to a training step of the model <paramref name="create"/> builds (activations kept for the backward pass,
    /// gradients, scratch), measured on a separate copy: a quarter of the difference between the allocations of a batch of eight and of four.
    /// </summary>
    /// <param name="create">Builds a fresh model like the one that will train (the measured copy is thrown away).</param>
    /// <param name="channels">Image channels.</param>
    /// <param name="height">Image height.</param>
    /// <param name="width">Image width.</param>
    /// <param name="classes">Number of classes (the logits' width).</param>
    public static double BytesPerImage(Func<IModel> create, int channels, int height, int width, int classes)
    {
        ArgumentNullException.ThrowIfNull(create);
        var model = create();
        long Step(int batch)
        {
            long before = GC.GetTotalAllocatedBytes(precise: true);
            model.Forward(new Tensor(batch, channels, height, width));
            model.Backward(new Tensor(batch, classes));
            return GC.GetTotalAllocatedBytes(precise: true) - before;
        }

        // Batches of at least two (BatchNorm refuses one image in training mode, as in PyTorch); the first call's
        // allocations (parameter-sized buffers, JIT) are not per image.
        Step(2);
        long four = Step(4);
        long eight = Step(8);
        return Math.Max((eight - four) / 4.0, 4.0 * channels * height * width);
    }

    /// <summary>A byte count for people: 1.5 GiB, 240 KiB.</summary>
    public static string Size(double bytes)
    {
        string[] units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB"];
        int unit = 0;
        while (bytes >= 1024 && unit < units.Length - 1)
        {
            bytes /= 1024;
            unit++;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{bytes:0.#} {units[unit]}");
    }
}
