using NotebookKit.Training;

namespace NotebookKit.Tests.Training;

public sealed class ProgressCallbackTests
{
    [Fact]
    public void Reports_synchronously_and_only_what_the_filter_passes()
    {
        var seen = new List<int>();
        IProgress<int> progress = new ProgressCallback<int>(seen.Add, n => n % 2 == 0);
        for (int i = 0; i < 6; i++)
        {
            progress.Report(i);
        }

        // Synchronous: every report is visible as soon as Report returns (Progress<T> would post to the thread pool).
        Assert.Equal([0, 2, 4], seen);
    }

    [Fact]
    public void Status_line_names_epoch_batch_loss_rate_and_accuracy_at_epoch_end()
    {
        var batch = new TrainingProgress(3, 10, 120, 157, 0.41234, 0.01);
        Assert.Equal("epoch 3/10, batch 120/157: loss 0.4123, lr 0.01", batch.ToString());
    }

    [Fact]
    public void Status_line_prints_a_decayed_rate_with_a_short_exponent()
    {
        var batch = new TrainingProgress(9, 10, 1, 157, 0.41234, 6.104e-7);
        Assert.Equal("epoch 9/10, batch 1/157: loss 0.4123, lr 6.1e-7", batch.ToString());
    }

    [Fact]
    public void Null_action_is_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => new ProgressCallback<int>(null!));
    }
}
