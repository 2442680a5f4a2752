using Microsoft.ML.OnnxRuntime;

namespace PiVault.Ml.Ocr;

/// <summary>One float tensor in, the first output (or every output) out: how the PP-OCR and face models are called.</summary>
internal static class OnnxTensors
{
    /// <summary>Runs the session on <paramref name="input"/> (shape <paramref name="shape"/>); the output is copied out, so it outlives the run.</summary>
    public static (float[] Data, long[] Shape) Run(InferenceSession session, RunOptions options, float[] input, long[] shape)
    {
        using var value = OrtValue.CreateTensorValueFromMemory(input, shape);
        using var outputs = session.Run(options, [session.InputNames[0]], [value], [session.OutputNames[0]]);
        var output = outputs[0];
        return (output.GetTensorDataAsSpan<float>().ToArray(), output.GetTensorTypeAndShape().Shape);
    }

    /// <summary>Runs the session on <paramref name="input"/> and copies out every output, in the model's output order.</summary>
    public static List<NamedOutput> RunAll(InferenceSession session, RunOptions options, float[] input, long[] shape)
    {
        using var value = OrtValue.CreateTensorValueFromMemory(input, shape);
        var names = session.OutputNames;
        using var outputs = session.Run(options, [session.InputNames[0]], [value], names);
        return [.. outputs.Select((o, i) => new NamedOutput(names[i], o.GetTensorDataAsSpan<float>().ToArray(), o.GetTensorTypeAndShape().Shape))];
    }
}

/// <summary>One output of a run, copied out of ONNX Runtime: its name, values and shape.</summary>
internal sealed record NamedOutput(string Name, float[] Data, long[] Shape);
