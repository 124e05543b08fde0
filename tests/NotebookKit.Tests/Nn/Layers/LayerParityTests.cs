using System.Text.Json.Nodes;
using NotebookKit.Nn;
using NotebookKit.Nn.Layers;
using NotebookKit.Tensors;
using static NotebookKit.Tests.Nn.NnFixtures;

namespace NotebookKit.Tests.Nn.Layers;

/// <summary>Forward and backward of every layer equal PyTorch 1.13.1's (Fixtures/nn_layers.json), at float32 tolerance.</summary>
public sealed class LayerParityTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (JsonNode? c in LayerCases["layers"]!.AsArray())
        {
            data.Add((string)c!["name"]!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Forward_and_backward_match_pytorch(string name) => Check(name, ConvAlgorithm.Auto);

    /// <summary>The 3×3 stride-1 case again with Winograd forced (Auto keeps it direct: it has fewer than 8 channels).</summary>
    [Fact]
    public void Winograd_convolution_matches_pytorch() => Check("conv3_s1_p1", ConvAlgorithm.Winograd);

    private static void Check(string name, ConvAlgorithm algorithm)
    {
        JsonNode c = Layer(name);
        ILayer layer = Build(c);
        if (layer is Conv2d conv)
        {
            conv.Algorithm = algorithm;
        }

        foreach (Parameter p in layer.Parameters)
        {
            string local = p.Name[(p.Name.IndexOf('.', StringComparison.Ordinal) + 1)..];
            Floats(c["params"]![local]!["value"]).CopyTo(p.Value, 0);
        }

        if (c["buffers_before"] is JsonObject before)
        {
            foreach (var (key, value) in layer.Buffers)
            {
                Floats(before[key[(key.IndexOf('.', StringComparison.Ordinal) + 1)..]]).CopyTo(value, 0);
            }
        }

        bool training = c["training"] is null || (bool)c["training"]!;
        var x = new Tensor(Floats(c["input"]), Ints(c["input_shape"]));
        Tensor y = layer.Forward(x, training);
        Assert.Equal(Ints(c["output_shape"]), y.Shape);
        Close(Floats(c["output"]), y.Span, $"{name} output");

        if (!training)
        {
            // Evaluation mode: PyTorch's gradient through running statistics is dy·γ/√(var+ε), checked by hand.
            return;
        }

        Tensor dx = layer.Backward(new Tensor(Floats(c["output_grad"]), Ints(c["output_shape"])));
        Close(Floats(c["input_grad"]), dx.Span, $"{name} input grad", atol: 2e-5, rtol: 2e-4);
        foreach (Parameter p in layer.Parameters)
        {
            string local = p.Name[(p.Name.IndexOf('.', StringComparison.Ordinal) + 1)..];
            Close(Floats(c["params"]![local]!["grad"]), p.Grad, $"{name} {local} grad", atol: 2e-5, rtol: 2e-4);
        }

        foreach (var (key, value) in layer.Buffers)
        {
            Close(Floats(c["buffers"]![key[(key.IndexOf('.', StringComparison.Ordinal) + 1)..]]), value, $"{name} {key}");
        }
    }

    private static ILayer Build(JsonNode c)
    {
        string name = (string)c["name"]!;
        var random = new SeededRandom(1);
        if (name == "linear")
        {
            return new Linear("m", (int)c["in_features"]!, (int)c["out_features"]!, random);
        }

        if (name.StartsWith("conv", StringComparison.Ordinal))
        {
            return new Conv2d("m", (int)c["in_channels"]!, (int)c["out_channels"]!, (int)c["kernel_size"]!, random, (int)c["stride"]!, (int)c["padding"]!);
        }

        if (name.StartsWith("maxpool", StringComparison.Ordinal))
        {
            return new MaxPool2d((int)c["kernel_size"]!, (int)c["stride"]!);
        }

        if (name.StartsWith("batchnorm1d", StringComparison.Ordinal))
        {
            return new BatchNorm1d("m", (int)c["num_features"]!);
        }

        if (name.StartsWith("batchnorm2d", StringComparison.Ordinal))
        {
            return new BatchNorm2d("m", (int)c["num_features"]!);
        }

        return name == "relu" ? new ReLU() : throw new InvalidOperationException($"No layer for fixture case {name}");
    }
}
