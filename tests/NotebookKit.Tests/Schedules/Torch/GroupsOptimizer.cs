using NotebookKit.Nn;
using NotebookKit.Optim;
using NotebookKit.Schedules.Torch;

namespace NotebookKit.Tests.Schedules.Torch;

/// <summary>An optimizer that only carries group hyperparameters (lr, momentum or beta1), for scheduler tests.</summary>
public sealed class GroupsOptimizer : IOptimizer
{
    private readonly Group[] groups;

    public GroupsOptimizer(MomentumKind kind, double momentum, params double[] learningRates)
    {
        groups = learningRates.Select((lr, i) => new Group(new Parameter($"g{i}", 1), lr, kind, momentum)).ToArray();
    }

    public GroupsOptimizer(params double[] learningRates)
        : this(MomentumKind.Momentum, 0.0, learningRates)
    {
    }

    public IReadOnlyList<IParameterGroup> Groups => groups;

    public int Steps { get; private set; }

    public void Step() => Steps++;

    public void ZeroGrad()
    {
    }

    public OptimizerState Save() => new("Groups", groups.Select(g => g.LearningRate).ToArray(), groups.Select(g => g.Momentum).ToArray(), new Dictionary<string, long>(), new Dictionary<string, float[]>());

    public void Load(OptimizerState state)
    {
        for (int i = 0; i < groups.Length; i++)
        {
            groups[i].LearningRate = state.LearningRates[i];
            groups[i].Momentum = state.Momenta[i];
        }
    }

    private sealed class Group(Parameter p, double lr, MomentumKind kind, double momentum) : IParameterGroup
    {
        public IReadOnlyList<Parameter> Parameters { get; } = [p];

        public double LearningRate { get; set; } = lr;

        public MomentumKind MomentumKind { get; } = kind;

        public double Momentum { get; set; } = momentum;

        public double? InitialLearningRate { get; set; }
    }
}
