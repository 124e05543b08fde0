using NotebookKit.Nn.Kernels;
using NotebookKit.Tensors;

namespace NotebookKit.Tests.Nn.Kernels;

public sealed class Xoshiro256JumpTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(1000)]
    [InlineData(65537)]
    [InlineData(1 << 20)]
    public void Jumping_ahead_gives_the_state_of_that_many_sequential_draws(int draws)
    {
        var random = new SeededRandom(12345);
        ulong[] s = random.GetState();
        var jumped = Xoshiro256Jump.Ahead((s[0], s[1], s[2], s[3]), draws);
        for (int i = 0; i < draws; i++)
        {
            random.NextUInt64();
        }

        Assert.Equal(random.GetState(), new[] { jumped.S0, jumped.S1, jumped.S2, jumped.S3 });
    }

    [Fact]
    public void A_negative_jump_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Xoshiro256Jump.Ahead((1, 2, 3, 4), -1));
    }
}
