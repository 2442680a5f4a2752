using PiVault.Tests.Ml.Clip;

namespace PiVault.Bench.Ml;

/// <summary>
/// The image tower of CLIP ViT-B/32 (OpenAI's architecture, as open_clip exports it) as an ONNX graph with random
/// weights: the same operators, shapes and parameter count (about 87.8 M, ~351 MB of float32) as Immich's
/// <c>visual/model.onnx</c>, so ONNX Runtime does the same work per photo. Written with the tests' <see cref="TinyOnnx"/>.
/// </summary>
/// <remarks>
/// image [1,3,224,224] → Conv 32×32 stride 32 (768 channels, no bias) → 49 patch tokens, class token in front, positional
/// embedding added (50 × 768) → ln_pre → 12 residual blocks (LayerNorm, 12-head self-attention with q/k/v/out
/// projections, LayerNorm, MLP 768 → 3072 → 768 with QuickGELU x·σ(1.702x)) → ln_post on the class token →
/// projection 768 → 512 → <c>embedding</c> [1,512].
/// </remarks>
public static class VitB32Graph
{
    public const int Size = 224, Patch = 32, Width = 768, Layers = 12, Heads = 12, Mlp = 3072, Embedding = 512;
    private const int Tokens = (Size / Patch) * (Size / Patch) + 1;
    private const int HeadWidth = Width / Heads;

    public static long Parameters { get; private set; }

    public static byte[] Build(int seed = 32)
    {
        var random = new Random(seed);
        var g = new TinyOnnx().Input("image", TinyOnnx.FloatElements, 1, 3, Size, Size);
        Parameters = 0;
        void W(string name, float scale, params long[] shape)
        {
            var count = shape.Aggregate(1L, (a, b) => a * b);
            var values = new float[count];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = (random.NextSingle() * 2 - 1) * scale;
            }
            Parameters += count;
            g.Weights(name, values, shape);
        }
        void Fill(string name, float value, params long[] shape)
        {
            var count = shape.Aggregate(1L, (a, b) => a * b);
            Parameters += count;
            g.Weights(name, Enumerable.Repeat(value, (int)count).ToArray(), shape);
        }
        void LayerNorm(string name, string input, string output)
        {
            Fill($"{name}.weight", 1, Width);
            Fill($"{name}.bias", 0, Width);
            g.Node("LayerNormalization", [input, $"{name}.weight", $"{name}.bias"], [output], ints: new() { ["axis"] = -1 });
        }
        void Linear(string name, string input, string output, int from, int to, bool bias = true)
        {
            W($"{name}.weight", 1 / MathF.Sqrt(from), from, to);
            if (!bias)
            {
                g.Node("MatMul", [input, $"{name}.weight"], [output]);
                return;
            }
            W($"{name}.bias", 0.01f, to);
            g.Node("MatMul", [input, $"{name}.weight"], [$"{output}.mm"]);
            g.Node("Add", [$"{output}.mm", $"{name}.bias"], [output]);
        }
        // Constants that are not parameters.
        g.Int64s("shape.patches", [1, Width, Tokens - 1], 3)
            .Int64s("shape.heads", [1, Tokens, Heads, HeadWidth], 4)
            .Int64s("shape.tokens", [1, Tokens, Width], 3)
            .Int64s("class.index", [0]) // a scalar: Gather drops the token axis
            .Weights("attention.scale", [1 / MathF.Sqrt(HeadWidth)])
            .Weights("quickgelu.alpha", [1.702f]);

        // Patches, class token, positions.
        W("conv1.weight", 1 / MathF.Sqrt(3 * Patch * Patch), Width, 3, Patch, Patch);
        g.Node("Conv", ["image", "conv1.weight"], ["patches"], intLists: new() { ["kernel_shape"] = [Patch, Patch], ["strides"] = [Patch, Patch] });
        g.Node("Reshape", ["patches", "shape.patches"], ["patches.flat"]);
        g.Node("Transpose", ["patches.flat"], ["patches.tokens"], intLists: new() { ["perm"] = [0, 2, 1] });
        W("class_embedding", 0.02f, 1, 1, Width);
        g.Node("Concat", ["class_embedding", "patches.tokens"], ["tokens"], ints: new() { ["axis"] = 1 });
        W("positional_embedding", 0.01f, Tokens, Width);
        g.Node("Add", ["tokens", "positional_embedding"], ["x.pos"]);
        LayerNorm("ln_pre", "x.pos", "x0");

        var x = "x0";
        for (var layer = 0; layer < Layers; layer++)
        {
            var b = $"block{layer}";
            LayerNorm($"{b}.ln_1", x, $"{b}.h1");
            foreach (var part in new[] { "q", "k", "v" })
            {
                Linear($"{b}.attn.{part}", $"{b}.h1", $"{b}.{part}", Width, Width);
                g.Node("Reshape", [$"{b}.{part}", "shape.heads"], [$"{b}.{part}.heads"]);
                // q, v: [1,12,50,64]; k: [1,12,64,50] so q·k is one MatMul.
                long[] perm = part == "k" ? [0, 2, 3, 1] : [0, 2, 1, 3];
                g.Node("Transpose", [$"{b}.{part}.heads"], [$"{b}.{part}.t"], intLists: new() { ["perm"] = perm });
            }
            g.Node("MatMul", [$"{b}.q.t", $"{b}.k.t"], [$"{b}.scores.raw"]);
            g.Node("Mul", [$"{b}.scores.raw", "attention.scale"], [$"{b}.scores"]);
            g.Node("Softmax", [$"{b}.scores"], [$"{b}.weights"], ints: new() { ["axis"] = -1 });
            g.Node("MatMul", [$"{b}.weights", $"{b}.v.t"], [$"{b}.context.heads"]);
            g.Node("Transpose", [$"{b}.context.heads"], [$"{b}.context.t"], intLists: new() { ["perm"] = [0, 2, 1, 3] });
            g.Node("Reshape", [$"{b}.context.t", "shape.tokens"], [$"{b}.context"]);
            Linear($"{b}.attn.out", $"{b}.context", $"{b}.attended", Width, Width);
            g.Node("Add", [x, $"{b}.attended"], [$"{b}.x1"]);

            LayerNorm($"{b}.ln_2", $"{b}.x1", $"{b}.h2");
            Linear($"{b}.mlp.c_fc", $"{b}.h2", $"{b}.fc", Width, Mlp);
            g.Node("Mul", [$"{b}.fc", "quickgelu.alpha"], [$"{b}.fc.scaled"]);
            g.Node("Sigmoid", [$"{b}.fc.scaled"], [$"{b}.fc.gate"]);
            g.Node("Mul", [$"{b}.fc", $"{b}.fc.gate"], [$"{b}.gelu"]);
            Linear($"{b}.mlp.c_proj", $"{b}.gelu", $"{b}.mlp", Mlp, Width);
            g.Node("Add", [$"{b}.x1", $"{b}.mlp"], [$"{b}.x2"]);
            x = $"{b}.x2";
        }

        g.Node("Gather", [x, "class.index"], ["class.token"], ints: new() { ["axis"] = 1 });
        LayerNorm("ln_post", "class.token", "pooled");
        Linear("proj", "pooled", "embedding", Width, Embedding, bias: false);
        return g.Output("embedding", TinyOnnx.FloatElements, 1, Embedding).Build();
    }
}
