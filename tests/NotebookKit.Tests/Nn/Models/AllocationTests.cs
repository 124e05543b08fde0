using NotebookKit.Nn;
using NotebookKit.Nn.Losses;
using NotebookKit.Nn.Models;
using NotebookKit.Tensors;

namespace NotebookKit.Tests.Nn.Models;

/// <summary>
/// After warm-up, a training step reuses every activation and gradient buffer: what it allocates is a few small
/// objects (delegates, argument arrays), far less than the smallest buffer the step would have to reallocate.
/// </summary>
[Collection(NnThreadsCollection.Name)]
public sealed class AllocationTests
{
    // Batch 32: the smallest per-step buffer besides the logits is the first dense layer's output, 32 × 512 floats = 64 KB.
    private const int Batch = 32;
    private const long Bound = 32 * 1024;

    public static TheoryData<string> Models() => new() { "minivggnet", "lenet", "mlp" };

    [Theory]
    [MemberData(nameof(Models))]
    public void A_training_step_after_warm_up_reallocates_no_buffer(string name)
    {
        SequentialModel model = name switch
        {
            "minivggnet" => new MiniVGGNet(3, 16, 16, 10, seed: 1),
            "lenet" => new LeNet(1, 28, 28, 10, seed: 1),
            _ => new Mlp([1, 28, 28], [512, 256], 10, seed: 1),
        };
        int[] shape = [Batch, .. model.InputShape];
        var x = new Tensor(shape);
        for (int i = 0; i < x.Length; i++)
        {
            x.Data[i] = (i % 11) - 5;
        }

        int[] labels = [.. Enumerable.Range(0, Batch).Select(i => i % 10)];
        var gradient = new Tensor(Batch, 10);
        int saved = NnThreads.Count;
        try
        {
            // One thread: the work runs on this thread, whose allocations are counted exactly.
            NnThreads.Count = 1;
            var perStep = new List<long>();
            for (int step = 0; step < 6; step++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                Tensor logits = model.Forward(x);
                SoftmaxCrossEntropy.Compute(logits, labels, gradient);
                model.Backward(gradient);
                perStep.Add(GC.GetAllocatedBytesForCurrentThread() - before);
            }

            // The first step allocates the buffers (at least the 64 KB one); the later ones only reuse them.
            Assert.True(perStep[0] > 2 * Bound, $"first step allocated {perStep[0]} bytes");
            Assert.All(perStep.Skip(2), bytes => Assert.True(bytes < Bound, $"a step after warm-up allocated {bytes} bytes: {string.Join(", ", perStep)}"));
        }
        finally
        {
            NnThreads.Count = saved;
        }
    }
}
