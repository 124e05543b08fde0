using NotebookKit.Nn;
using NotebookKit.Nn.Losses;
using NotebookKit.Nn.Models;
using NotebookKit.Tensors;

namespace NotebookKit.Tests.Nn.Models;

[Collection(NnThreadsCollection.Name)]
public sealed class DeterminismTests
{
    [Fact]
    public void Same_seed_and_thread_count_give_bit_identical_steps()
    {
        var a = Train(threads: 2);
        var b = Train(threads: 2);
        Assert.Equal(a.Logits, b.Logits);
        for (int i = 0; i < a.Grads.Count; i++)
        {
            Assert.Equal(a.Grads[i], b.Grads[i]);
        }
    }

    [Fact]
    public void One_and_two_threads_agree_to_float32_rounding()
    {
        var one = Train(threads: 1);
        var two = Train(threads: 2);
        // Only the order in which per-thread convolution weight-gradient partials are added differs:
        // |Δ| ≤ 1e-5 + 1e-4·|g| element-wise.
        NnFixtures.Close(one.Logits, two.Logits, "logits", atol: 1e-5, rtol: 1e-4);
        for (int i = 0; i < one.Grads.Count; i++)
        {
            NnFixtures.Close(one.Grads[i], two.Grads[i], $"grad {i}", atol: 1e-5, rtol: 1e-4);
        }
    }

    private static (float[] Logits, List<float[]> Grads) Train(int threads)
    {
        int saved = NnThreads.Count;
        try
        {
            NnThreads.Count = threads;
            var model = new MiniVGGNet(3, 16, 16, 10, seed: 42);
            var random = new SeededRandom(7);
            var x = new Tensor(6, 3, 16, 16);
            for (int i = 0; i < x.Length; i++)
            {
                x.Data[i] = (float)random.NextGaussian();
            }

            int[] labels = [1, 3, 5, 7, 9, 0];
            var grad = new Tensor(6, 10);
            float[] logits = [];
            for (int step = 0; step < 2; step++)
            {
                // Two steps, so dropout masks and running statistics advance too.
                logits = model.Forward(x).Span.ToArray();
                SoftmaxCrossEntropy.Compute(new Tensor(logits, 6, 10), labels, grad);
                model.Backward(grad);
            }

            return (logits, model.Parameters.Select(p => (float[])p.Grad.Clone()).ToList());
        }
        finally
        {
            NnThreads.Count = saved;
        }
    }
}
