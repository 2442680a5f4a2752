using Microsoft.ML.OnnxRuntime;

namespace PiVault.Ml.Models;

/// <summary>
/// The one place that turns ONNX Runtime's and the file system's failures into the errors features see: a model that
/// cannot be loaded is <see cref="ModelUnavailableException"/> (the feature turns off), an input a model rejects is
/// <see cref="ModelInferenceException"/> (that job fails, the model stays).
/// </summary>
public static class ModelErrors
{
    public static ModelUnavailableException LoadFailed(ModelPart part, Exception error) =>
        new(part.Model, $"{part.File} could not be loaded: {Plain(error)}", error);

    public static Exception InferenceFailed(ModelPart part, Exception error) => error switch
    {
        ModelUnavailableException or ModelInferenceException => error,
        OnnxRuntimeException => new ModelInferenceException(part, Plain(error), error),
        _ => error,
    };

    /// <summary>A sentence for an admin: ORT's messages start with "[ErrorCode:…]" and carry a path we already name.</summary>
    public static string Plain(Exception error) => error switch
    {
        DllNotFoundException or TypeInitializationException { InnerException: DllNotFoundException } =>
            "ONNX Runtime's native library (libonnxruntime.so) is missing for this architecture",
        OnnxRuntimeException ort when ort.Message.Contains("Protobuf parsing failed", StringComparison.OrdinalIgnoreCase)
            || ort.Message.Contains("INVALID_PROTOBUF", StringComparison.OrdinalIgnoreCase) =>
            "the file is not a valid ONNX model (corrupt or truncated: reinstall it with pivault models pull or install)",
        OnnxRuntimeException ort => StripCode(ort.Message),
        FileNotFoundException or DirectoryNotFoundException => "the file is missing",
        UnauthorizedAccessException => "the file cannot be read (permissions)",
        _ => error.Message,
    };

    private static string StripCode(string message)
    {
        var close = message.StartsWith('[') ? message.IndexOf(']', StringComparison.Ordinal) : -1;
        return (close > 0 ? message[(close + 1)..] : message).Trim();
    }
}

/// <summary>An inference that ONNX Runtime rejected (a wrong shape, an input the graph cannot take): that job fails, the model stays on.</summary>
public sealed class ModelInferenceException : Exception
{
    public ModelInferenceException(ModelPart part, string reason, Exception? inner = null)
        : base($"Model {part.Model} ({part.File}) failed: {reason}", inner) => Part = part;

    public ModelInferenceException() : base("Inference failed.")
    {
    }

    public ModelInferenceException(string message) : base(message)
    {
    }

    public ModelInferenceException(string message, Exception inner) : base(message, inner)
    {
    }

    public ModelPart Part { get; }
}
