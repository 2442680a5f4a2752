using PiVault.Tests.Ml.Clip;

namespace PiVault.Bench.Ml;

/// <summary>
/// Random-weight stand-ins for Immich's buffalo_l face models, the same size of work for ONNX Runtime (written with the
/// tests' <see cref="TinyOnnx"/>): a convolutional detector of SCRFD-10GF's cost at 640 × 640 (about 5 G multiply-adds,
/// 10 GFLOPs; nine outputs: score/bbox/kps for strides 8, 16, 32 with two anchors per cell) and a recogniser of
/// iresnet50's shape and size (3×3 convolutions in stages of 3, 4, 14, 3 blocks at 56/28/14/7 px with 64–512 channels,
/// then a 25088 → 512 fully connected layer: about 44 M parameters, ~174 MB, ~6 G multiply-adds per face). Batch
/// norms and residual adds are left out (cheap; real exports fold the norms into the convolutions). The detector's
/// score head is zero, so it finds no faces: the bench embeds the faces YuNet found on the same photos.
/// </summary>
public static class FaceGraphs
{
    public static long Parameters { get; private set; }

    public static long MultiplyAdds { get; private set; }

    public static byte[] Detector(int seed = 10)
    {
        var random = new Random(seed);
        var g = new TinyOnnx().Input("input.1", TinyOnnx.FloatElements, 1, 3, 640, 640);
        (Parameters, MultiplyAdds) = (0, 0);
        var x = Conv(g, random, "stem", "input.1", 3, 32, 640, stride: 2);          // 320
        x = Conv(g, random, "s4", x, 32, 64, 320, stride: 2);                       // 160
        x = Conv(g, random, "s4.1", x, 64, 64, 160);
        x = Conv(g, random, "s8", x, 64, 128, 160, stride: 2);                      // 80
        x = Conv(g, random, "s8.1", x, 128, 128, 80);
        var p8 = Conv(g, random, "s8.2", x, 128, 128, 80);
        x = Conv(g, random, "s16", p8, 128, 256, 80, stride: 2);                    // 40
        var p16 = Conv(g, random, "s16.1", x, 256, 256, 40);
        var p32 = Conv(g, random, "s32", p16, 256, 256, 40, stride: 2);             // 20
        string[] scores = [], boxes = [], points = [];
        foreach (var (level, channels, side, stride) in new[] { (p8, 128, 80, 8), (p16, 256, 40, 16), (p32, 256, 20, 32) })
        {
            scores = [.. scores, Head(g, random, $"score_{stride}", level, channels, 2, side, zero: true)];
            boxes = [.. boxes, Head(g, random, $"bbox_{stride}", level, channels, 8, side)];
            points = [.. points, Head(g, random, $"kps_{stride}", level, channels, 20, side)];
        }
        foreach (var (name, index) in scores.Concat(boxes).Concat(points).Select((n, i) => (n, i)))
        {
            var channels = (index / 3) switch { 0 => 2, 1 => 8, _ => 20 };
            var side = 640 / (8 << (index % 3));
            g.Output(name, TinyOnnx.FloatElements, 1, channels, side, side);
        }
        return g.Build();
    }

    public static byte[] Recognizer(int seed = 50)
    {
        var random = new Random(seed);
        var g = new TinyOnnx().Input("input.1", TinyOnnx.FloatElements, 1, 3, 112, 112);
        (Parameters, MultiplyAdds) = (0, 0);
        var x = Conv(g, random, "stem", "input.1", 3, 64, 112);
        var (channels, side) = (64, 112);
        foreach (var (stage, (blocks, width)) in new[] { (3, 64), (4, 128), (14, 256), (3, 512) }.Select((s, i) => (i, s)))
        {
            for (var conv = 0; conv < 2 * blocks; conv++)
            {
                var stride = conv == 0 ? 2 : 1;
                x = Conv(g, random, $"stage{stage}.{conv}", x, channels, width, side, stride);
                (channels, side) = (width, side / stride);
            }
        }
        var flat = 512 * 7 * 7;
        g.Int64s("flat.shape", [1, flat], 2);
        g.Node("Reshape", [x, "flat.shape"], ["flat"]);
        Weights(g, random, "fc.weight", flat, flat, 512);
        g.Node("MatMul", ["flat", "fc.weight"], ["embedding"]);
        MultiplyAdds += (long)flat * 512;
        return g.Output("embedding", TinyOnnx.FloatElements, 1, 512).Build();
    }

    /// <summary>A k × k convolution with bias and ReLU on an input <paramref name="side"/> px square; returns its output's name.</summary>
    private static string Conv(TinyOnnx g, Random random, string name, string input, int from, int to, int side, int stride = 1, int k = 3)
    {
        Weights(g, random, $"{name}.weight", from * k * k, to, from, k, k);
        Zeros(g, $"{name}.bias", to);
        g.Node("Conv", [input, $"{name}.weight", $"{name}.bias"], [$"{name}.conv"],
            intLists: new() { ["kernel_shape"] = [k, k], ["pads"] = [k / 2, k / 2, k / 2, k / 2], ["strides"] = [stride, stride] });
        g.Node("Relu", [$"{name}.conv"], [name]);
        var outSide = side / stride;
        MultiplyAdds += (long)outSide * outSide * from * k * k * to;
        return name;
    }

    private static string Head(TinyOnnx g, Random random, string name, string input, int from, int to, int side, bool zero = false)
    {
        if (zero)
        {
            Zeros(g, $"{name}.weight", to, from, 1, 1);
        }
        else
        {
            Weights(g, random, $"{name}.weight", from, to, from, 1, 1);
        }
        Zeros(g, $"{name}.bias", to);
        g.Node("Conv", [input, $"{name}.weight", $"{name}.bias"], [name], intLists: new() { ["kernel_shape"] = [1, 1] });
        MultiplyAdds += (long)side * side * from * to;
        return name;
    }

    /// <summary>Uniform He initialisation, so activations neither vanish nor explode through the ReLUs.</summary>
    private static void Weights(TinyOnnx g, Random random, string name, int fanIn, params long[] shape)
    {
        var count = shape.Aggregate(1L, (a, b) => a * b);
        var limit = MathF.Sqrt(6f / fanIn);
        var values = new float[count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (random.NextSingle() * 2 - 1) * limit;
        }
        Parameters += count;
        g.Weights(name, values, shape);
    }

    private static void Zeros(TinyOnnx g, string name, params long[] shape)
    {
        var count = shape.Aggregate(1L, (a, b) => a * b);
        Parameters += count;
        g.Weights(name, new float[count], shape);
    }
}
