using NotebookKit.Nn;
using NotebookKit.Optim;
using NotebookKit.Schedules.Torch;

namespace NotebookKit.Tests.Training.Doubles;

/// <summary>SGD with heavy-ball momentum (PyTorch <c>torch.optim.SGD</c>, one group) for trainer tests.</summary>
public sealed class PlainSgd : IOptimizer
{
    private readonly Group group;
    private readonly Dictionary<string, float[]> momentumBuffers = new(StringComparer.Ordinal);
    private long steps;

    public PlainSgd(IReadOnlyList<Parameter> parameters, double lr, double momentum = 0)
    {
        group = new Group(parameters) { LearningRate = lr, Momentum = momentum };
        Groups = [group];
    }

    public IReadOnlyList<IParameterGroup> Groups { get; }

    public void Step()
    {
        steps++;
        float lr = (float)group.LearningRate;
        float mu = (float)group.Momentum;
        foreach (var p in group.Parameters)
        {
            if (mu != 0 && !momentumBuffers.ContainsKey(p.Name))
            {
                momentumBuffers[p.Name] = (float[])p.Grad.Clone();
            }
            else if (mu != 0)
            {
                var b = momentumBuffers[p.Name];
                for (int i = 0; i < b.Length; i++)
                {
                    b[i] = (mu * b[i]) + p.Grad[i];
                }
            }

            var d = mu != 0 ? momentumBuffers[p.Name] : p.Grad;
            for (int i = 0; i < p.Value.Length; i++)
            {
                p.Value[i] -= lr * d[i];
            }
        }
    }

    public void ZeroGrad()
    {
        foreach (var p in group.Parameters)
        {
            p.ZeroGrad();
        }
    }

    public OptimizerState Save() => new(
        "SGD",
        [group.LearningRate],
        [group.Momentum],
        group.Parameters.ToDictionary(p => p.Name, _ => steps),
        momentumBuffers.ToDictionary(kv => kv.Key + "/momentum_buffer", kv => (float[])kv.Value.Clone()));

    public void Load(OptimizerState state)
    {
        group.LearningRate = state.LearningRates[0];
        group.Momentum = state.Momenta[0];
        steps = state.Steps.Values.FirstOrDefault();
        momentumBuffers.Clear();
        foreach (var (name, values) in state.Buffers)
        {
            momentumBuffers[name[..name.IndexOf('/')]] = (float[])values.Clone();
        }
    }

    private sealed class Group(IReadOnlyList<Parameter> parameters) : IParameterGroup
    {
        public IReadOnlyList<Parameter> Parameters { get; } = parameters;

        public double LearningRate { get; set; }

        public MomentumKind MomentumKind => MomentumKind.Momentum;

        public double Momentum { get; set; }

        public double? InitialLearningRate { get; set; }
    }
}
