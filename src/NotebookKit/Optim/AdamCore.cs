using NotebookKit.Nn;
using NotebookKit.Optim.Kernels;

namespace NotebookKit.Optim;

/// <summary>The Adam step shared by <see cref="Adam"/> and <see cref="AdamW"/>; they differ only in options and defaults.</summary>
internal static class AdamCore
{
    public static readonly string[] BufferNames = ["exp_avg", "exp_avg_sq", "max_exp_avg_sq"];

    public static void Validate(double lr, double eps, double beta1, double beta2, double weightDecay, WeightDecayMode mode)
    {
        OptimizerChecks.LearningRate(lr);
        OptimizerChecks.NonNegative(eps, "eps", "epsilon");
        OptimizerChecks.Beta(beta1, 0);
        OptimizerChecks.Beta(beta2, 1);
        OptimizerChecks.NonNegative(weightDecay, "weight_decay", "weight_decay");
        OptimizerChecks.Mode(mode);
    }

    /// <summary>One Adam update; scalars are computed in double as PyTorch's Python code does, then rounded to float32.</summary>
    public static void Update(
        Parameter parameter, ParameterState state, double lr, double beta1, double beta2, double eps,
        bool amsgrad, bool kerasEpsilon, GradientPrelude prelude, int threads)
    {
        int n = parameter.Length;
        float[] expAvg = state.Buffer(BufferNames[0], n);
        float[] expAvgSq = state.Buffer(BufferNames[1], n);
        float[]? maxExpAvgSq = amsgrad ? state.Buffer(BufferNames[2], n) : null;
        double t = state.Step;
        double bc1 = 1 - Math.Pow(beta1, t);
        double bc2 = 1 - Math.Pow(beta2, t);
        double bc2Sqrt = Math.Sqrt(bc2);
        double stepSize = kerasEpsilon ? lr * bc2Sqrt / bc1 : lr / bc1;
        var op = new AdamOperator
        {
            Prelude = prelude,
            Beta1 = (float)beta1,
            OneMinusBeta1 = (float)(1 - beta1),
            Beta2 = (float)beta2,
            OneMinusBeta2 = (float)(1 - beta2),
            Bc2Sqrt = kerasEpsilon ? 1f : (float)bc2Sqrt,
            Epsilon = (float)eps,
            NegativeStepSize = (float)-stepSize,
            AmsGrad = amsgrad,
        };
        UpdateEngine.Run(op, parameter.Value, parameter.Grad, expAvg, expAvgSq, maxExpAvgSq, threads);
    }
}
