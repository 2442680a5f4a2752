using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using PiVault.Ml.Models;

namespace PiVault.Ml.Clip;

/// <summary>
/// A CLIP model in Immich's export layout, through <see cref="IModels"/>: the image tower on a preprocessed tensor and
/// the text tower on a query, each giving a unit-length embedding. Its config and tokenizer are read on first use and
/// kept; sessions stay with the model library (loaded lazily, unloaded when idle). A missing or broken model throws
/// <see cref="ModelUnavailableException"/>.
/// </summary>
public sealed class ClipEncoder(IModels models, string model)
{
    private readonly Lock gate = new();
    private ClipConfig? config;
    private ClipTokenizer? tokenizer;

    public string Model => model;

    public ClipConfig Config
    {
        get
        {
            lock (gate)
            {
                return config ??= Read(() => ClipConfig.Load(file => TryPath(file)));
            }
        }
    }

    /// <summary>The embedding of a [3, S, S] tensor from <see cref="ClipImage.ToTensor"/>.</summary>
    public float[] EmbedImage(float[] chw, CancellationToken cancel = default)
    {
        var size = Config.Image.Size;
        var input = new DenseTensor<float>(chw, [1, 3, size, size]);
        return models.Run(new ModelPart(model, ClipConfig.VisualModel), (session, options) => Embedding(session, options, "image", input), cancel);
    }

    /// <summary>The embedding of a text query.</summary>
    public float[] EmbedText(string text)
    {
        var ids = Tokenizer.Encode(text);
        return models.Run(new ModelPart(model, ClipConfig.TextualModel), (session, options) =>
        {
            // Immich's exports take int32 ids; open_clip's own exports take int64.
            var element = session.InputMetadata.TryGetValue("text", out var meta) ? meta.ElementDataType : TensorElementType.Int32;
            return element == TensorElementType.Int64
                ? Embedding(session, options, "text", new DenseTensor<long>(ids.Select(i => (long)i).ToArray(), [1, ids.Length]))
                : Embedding(session, options, "text", new DenseTensor<int>(ids, [1, ids.Length]));
        });
    }

    public ClipTokenizer Tokenizer
    {
        get
        {
            var settings = Config;
            lock (gate)
            {
                return tokenizer ??= Read(() => ClipTokenizer.Load(
                    models.PathOf(new ModelPart(model, ClipConfig.VocabFile)), models.PathOf(new ModelPart(model, ClipConfig.MergesFile)),
                    settings.ContextLength, settings.PadTokenId));
            }
        }
    }

    private float[] Embedding<T>(InferenceSession session, RunOptions options, string inputName, DenseTensor<T> input)
    {
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(inputName, input)], session.OutputNames, options);
        var output = results.FirstOrDefault(r => r.Name == "embedding") ?? results[0];
        var vector = output.AsTensor<float>().ToArray();
        if (vector.Length != Config.EmbeddingSize)
        {
            throw new ModelUnavailableException(model, $"its {inputName} tower gives {vector.Length} numbers, config.json says embed_dim {Config.EmbeddingSize}");
        }
        return ClipImage.Normalise(vector);
    }

    private string? TryPath(string file)
    {
        try
        {
            return models.PathOf(new ModelPart(model, file));
        }
        catch (ModelUnavailableException)
        {
            return null;
        }
    }

    /// <summary>A model whose config or vocabulary cannot be read is unavailable, like one whose ONNX file is missing.</summary>
    private T Read<T>(Func<T> load)
    {
        try
        {
            return load();
        }
        catch (Exception e) when (e is InvalidDataException or IOException or System.Text.Json.JsonException)
        {
            throw new ModelUnavailableException(model, e.Message, e);
        }
    }
}
