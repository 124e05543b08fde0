using NotebookKit.Nn;
using NotebookKit.Training;

namespace NotebookKit.Tests.Training;

public class GradientClippingTests
{
    private static Parameter[] Gradients()
    {
        var a = new Parameter("a", 2);
        var b = new Parameter("b", 1);
        a.Grad[0] = 3;
        a.Grad[1] = 4; // ‖a‖ = 5
        b.Grad[0] = 12; // ‖b‖ = 12, global √(25 + 144) = 13
        return [a, b];
    }

    [Fact]
    public void Gradients_above_the_limit_are_scaled_by_max_norm_over_total_plus_eps()
    {
        var p = Gradients();
        double total = GradientClipping.ClipByGlobalNorm(p, 6.5);
        Assert.Equal(13, total, 12);
        float coefficient = (float)(6.5 / (13 + 1e-6));
        Assert.Equal([3 * coefficient, 4 * coefficient], p[0].Grad);
        Assert.Equal([12 * coefficient], p[1].Grad);
        Assert.Equal(6.5, GradientClipping.GlobalNorm(p), 5);
    }

    [Fact]
    public void Gradients_within_the_limit_are_untouched()
    {
        var p = Gradients();
        Assert.Equal(13, GradientClipping.ClipByGlobalNorm(p, 13.5), 12);
        Assert.Equal([3f, 4f], p[0].Grad);
        Assert.Equal([12f], p[1].Grad);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void A_non_positive_max_norm_is_refused(double maxNorm) =>
        Assert.Contains("max_norm must be positive", Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipByGlobalNorm(Gradients(), maxNorm)).Message);
}
