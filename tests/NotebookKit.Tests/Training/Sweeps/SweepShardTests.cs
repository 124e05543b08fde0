using NotebookKit.Training.Sweeps;

namespace NotebookKit.Tests.Training.Sweeps;

public class SweepShardTests
{
    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void The_shards_of_one_count_cover_every_point_exactly_once()
    {
        for (int count = 1; count <= 5; count++)
        {
            var owners = Enumerable.Range(0, 13).Select(point => Enumerable.Range(0, count).Count(i => new SweepShard(i, count).Owns(point)));
            Assert.All(owners, n => Assert.Equal(1, n));
        }
    }

    [Fact]
    public void Shard_option_is_i_of_n()
    {
        Assert.Equal(new SweepShard(2, 8), SweepShard.Parse("2/8"));
        Assert.Equal("2/8", SweepShard.Parse("2/8").ToString());
        foreach (string bad in new[] { "8/8", "-1/4", "1", "1/0", "a/b", "1/2/3", "" })
        {
            var error = Assert.Throws<FormatException>(() => SweepShard.Parse(bad));
            Assert.Contains("--shard must be i/n", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_slurm_array_task_finds_its_shard_from_slurms_variables()
    {
        var env = Environment(("SLURM_ARRAY_TASK_ID", "3"), ("SLURM_ARRAY_TASK_COUNT", "4"), ("SLURM_ARRAY_TASK_MIN", "0"));
        Assert.Equal(new SweepShard(3, 4), SweepShard.Resolve(null, null, env));

        // --array=10-16:2 has 4 tasks: 10, 12, 14, 16 are shards 0..3.
        var stepped = Environment(("SLURM_ARRAY_TASK_ID", "14"), ("SLURM_ARRAY_TASK_COUNT", "4"), ("SLURM_ARRAY_TASK_MIN", "10"), ("SLURM_ARRAY_TASK_STEP", "2"));
        Assert.Equal(new SweepShard(2, 4), SweepShard.Resolve(null, null, stepped));

        // One task resubmitted on its own (--array=3) has count 1: --shards says the array's real size.
        var resubmitted = Environment(("SLURM_ARRAY_TASK_ID", "3"), ("SLURM_ARRAY_TASK_COUNT", "1"), ("SLURM_ARRAY_TASK_MIN", "3"));
        Assert.Equal(new SweepShard(3, 4), SweepShard.Resolve(null, 4, resubmitted));

        var irregular = Environment(("SLURM_ARRAY_TASK_ID", "7"), ("SLURM_ARRAY_TASK_COUNT", "3"), ("SLURM_ARRAY_TASK_MIN", "0"));
        Assert.Contains("--shards n", Assert.Throws<FormatException>(() => SweepShard.Resolve(null, null, irregular)).Message, StringComparison.Ordinal);

        var noCount = Environment(("SLURM_ARRAY_TASK_ID", "1"));
        Assert.Contains("SLURM_ARRAY_TASK_COUNT", Assert.Throws<FormatException>(() => SweepShard.Resolve(null, null, noCount)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_kubernetes_indexed_job_pod_takes_its_index_with_the_shard_count_from_the_option()
    {
        var pod = Environment(("JOB_COMPLETION_INDEX", "5"));
        Assert.Equal(new SweepShard(5, 8), SweepShard.Resolve(null, 8, pod));
        Assert.Contains("spec.completions", Assert.Throws<FormatException>(() => SweepShard.Resolve(null, null, pod)).Message, StringComparison.Ordinal);
        Assert.Contains("from 0 to 3", Assert.Throws<FormatException>(() => SweepShard.Resolve(null, 4, pod)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_option_wins_and_nothing_set_means_the_whole_sweep()
    {
        var slurm = Environment(("SLURM_ARRAY_TASK_ID", "3"), ("SLURM_ARRAY_TASK_COUNT", "4"));
        Assert.Equal(new SweepShard(1, 2), SweepShard.Resolve("1/2", null, slurm));
        Assert.Equal(SweepShard.All, SweepShard.Resolve(null, null, Environment()));
        Assert.Contains("neither is set", Assert.Throws<FormatException>(() => SweepShard.Resolve(null, 4, Environment())).Message, StringComparison.Ordinal);
        Assert.Contains("not both", Assert.Throws<FormatException>(() => SweepShard.Resolve("0/4", 4, Environment())).Message, StringComparison.Ordinal);
        var both = Environment(("SLURM_ARRAY_TASK_ID", "1"), ("JOB_COMPLETION_INDEX", "2"));
        Assert.Contains("--shard i/n", Assert.Throws<FormatException>(() => SweepShard.Resolve(null, 4, both)).Message, StringComparison.Ordinal);
    }
}
