using NotebookKit.Data;
using NotebookKit.Nn;
using NotebookKit.Tensors;

namespace NotebookKit.Tests.Data;

public class AugmentationTests
{
    private static byte[] Image(int channels, int h, int w) =>
        Enumerable.Range(1, channels * h * w).Select(i => (byte)i).ToArray();

    [Fact]
    public void Crop_at_the_centre_offset_is_the_identity()
    {
        var image = Image(3, 5, 4);
        var output = new byte[image.Length];
        Augmentation.Crop(image, output, 3, 5, 4, padding: 2, top: 2, left: 2);
        Assert.Equal(image, output);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(2, 1)]
    [InlineData(1, 2)]
    [InlineData(2, 2)]
    public void Crop_shifts_the_image_and_fills_with_zero(int top, int left)
    {
        const int C = 2, H = 3, W = 4, P = 1;
        var image = Image(C, H, W);
        var output = new byte[image.Length];
        Augmentation.Crop(image, output, C, H, W, P, top, left);
        for (int c = 0; c < C; c++)
        {
            for (int y = 0; y < H; y++)
            {
                for (int x = 0; x < W; x++)
                {
                    // Output (y, x) is padded-image (y + top, x + left), i.e. source (y + top - P, x + left - P).
                    int sy = y + top - P, sx = x + left - P;
                    byte expected = sy is >= 0 and < H && sx is >= 0 and < W ? image[(c * H * W) + (sy * W) + sx] : (byte)0;
                    Assert.Equal(expected, output[(c * H * W) + (y * W) + x]);
                }
            }
        }
    }

    [Fact]
    public void Flip_mirrors_rows_and_twice_is_the_identity()
    {
        var image = Image(3, 4, 5);
        var flipped = (byte[])image.Clone();
        Augmentation.FlipHorizontal(flipped, 3, 4, 5);
        Assert.Equal(image[4], flipped[0]);
        Assert.Equal(image[0], flipped[4]);
        Assert.NotEqual(image, flipped);
        Augmentation.FlipHorizontal(flipped, 3, 4, 5);
        Assert.Equal(image, flipped);
    }

    [Fact]
    public void Apply_keeps_the_shape_and_is_deterministic_for_a_seed()
    {
        var image = Image(3, 8, 8);
        var a = new byte[image.Length];
        var b = new byte[image.Length];
        var ra = new SeededRandom(42);
        var rb = new SeededRandom(42);
        int differing = 0;
        for (int i = 0; i < 20; i++)
        {
            Augmentation.Cifar.Apply(image, a, 3, 8, 8, ra);
            Augmentation.Cifar.Apply(image, b, 3, 8, 8, rb);
            Assert.Equal(a, b);
            differing += a.SequenceEqual(image) ? 0 : 1;
        }

        // 81 crop offsets x 2 flips: 20 draws that all return the original would be a broken generator.
        Assert.True(differing > 10);
    }

    [Fact]
    public void Apply_matches_crop_then_flip_with_the_drawn_offsets()
    {
        var image = Image(1, 6, 6);
        var augmentation = new Augmentation(2, 0.5);
        var random = new SeededRandom(9);
        var replay = new SeededRandom(9);
        var output = new byte[image.Length];
        var expected = new byte[image.Length];
        for (int i = 0; i < 10; i++)
        {
            augmentation.Apply(image, output, 1, 6, 6, random);
            int top = replay.NextInt(5), left = replay.NextInt(5);
            Augmentation.Crop(image, expected, 1, 6, 6, 2, top, left);
            if (replay.NextDouble() < 0.5)
            {
                Augmentation.FlipHorizontal(expected, 1, 6, 6);
            }

            Assert.Equal(expected, output);
        }
    }

    [Fact]
    public void No_padding_and_no_flip_is_the_identity()
    {
        var image = Image(1, 4, 4);
        var output = new byte[image.Length];
        new Augmentation(0, 0).Apply(image, output, 1, 4, 4, new SeededRandom(1));
        Assert.Equal(image, output);
    }

    [Fact]
    public void Bad_arguments_name_the_rule()
    {
        Assert.Contains("padding", Assert.Throws<ArgumentOutOfRangeException>(() => new Augmentation(-1)).Message);
        Assert.Contains("RandomHorizontalFlip p", Assert.Throws<ArgumentOutOfRangeException>(() => new Augmentation(4, 1.5)).Message);
    }
}
