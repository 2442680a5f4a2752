using Microsoft.ML.OnnxRuntime;

namespace PiVault.Ml.Models;

/// <summary>
/// The seam between the ML features (OCR, CLIP, faces) and the installed models: which models are usable, where a
/// model's files are, and one inference on a model's ONNX file. Sessions are loaded on first use and unloaded after an
/// idle period by the implementation; a feature never holds a session itself.
/// </summary>
public interface IModels
{
    /// <summary>Whether every file of <paramref name="model"/> (a manifest name) is present and intact; the reason when not.</summary>
    ModelAvailability Availability(string model);

    /// <summary>The full path of one of a model's files (a vocabulary, a key list); <see cref="ModelUnavailableException"/> when missing.</summary>
    string PathOf(ModelPart part);

    /// <summary>
    /// Runs <paramref name="inference"/> with the session for one of a model's ONNX files, loading it if needed. A
    /// missing or unloadable model throws <see cref="ModelUnavailableException"/>; an inference error is mapped in one place.
    /// The inference passes the given <see cref="RunOptions"/> to <c>session.Run</c>: cancelling <paramref name="cancel"/>
    /// (a stopping server) terminates a running inference, which then ends in <see cref="OperationCanceledException"/>.
    /// </summary>
    T Run<T>(ModelPart part, Func<InferenceSession, RunOptions, T> inference, CancellationToken cancel = default);
}

/// <summary>One file of an installed model: the manifest's model name and the file's path inside the model's folder.</summary>
/// <example><c>new ModelPart("PP-OCRv4", "ch_PP-OCRv4_det_infer.onnx")</c>, <c>new ModelPart("ViT-B-32__openai", "visual/model.onnx")</c></example>
public readonly record struct ModelPart(string Model, string File);

/// <summary>Whether a model can be used, and if not, a sentence for the admin ("not installed: run pivault models pull …").</summary>
public sealed record ModelAvailability(bool Available, string? Reason)
{
    public static ModelAvailability Ready { get; } = new(true, null);

    public static ModelAvailability Off(string reason) => new(false, reason);
}

/// <summary>A model that is missing, corrupt or cannot be loaded: the feature that needs it is off, nothing else fails.</summary>
public sealed class ModelUnavailableException : Exception
{
    public ModelUnavailableException(string model, string reason, Exception? inner = null)
        : base($"Model {model} is unavailable: {reason}", inner)
    {
        Model = model;
        Reason = reason;
    }

    public ModelUnavailableException()
    {
        Model = "";
        Reason = "";
    }

    public ModelUnavailableException(string message) : base(message)
    {
        Model = "";
        Reason = message;
    }

    public ModelUnavailableException(string message, Exception inner) : base(message, inner)
    {
        Model = "";
        Reason = message;
    }

    public string Model { get; }

    public string Reason { get; }
}
