using Microsoft.ML.OnnxRuntime;

namespace PiVault.Ml.Ocr;

/// <summary>One float tensor in, the first output out: how each PP-OCR model is called.</summary>
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
}
