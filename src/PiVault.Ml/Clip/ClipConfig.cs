using System.Text.Json;
using System.Text.Json.Serialization;

namespace PiVault.Ml.Clip;

/// <summary>
/// What a CLIP model in Immich's export layout says about itself: <c>config.json</c> (open_clip's model config),
/// <c>visual/preprocess_cfg.json</c> and, when present, <c>textual/tokenizer_config.json</c>. Everything the
/// preprocessing and the tokenizer do comes from here, never from constants, so another CLIP in the same layout works.
/// </summary>
public sealed record ClipConfig(int EmbeddingSize, int ContextLength, ClipPreprocess Image, int PadTokenId)
{
    public const string ConfigFile = "config.json";
    public const string VisualModel = "visual/model.onnx";
    public const string PreprocessFile = "visual/preprocess_cfg.json";
    public const string TextualModel = "textual/model.onnx";
    public const string VocabFile = "textual/vocab.json";
    public const string MergesFile = "textual/merges.txt";
    public const string TokenizerConfigFile = "textual/tokenizer_config.json";

    /// <summary>Reads the model folder's files; <see cref="InvalidDataException"/> names the file and field that is wrong.</summary>
    /// <param name="read">Returns a file's full path inside the model, or null when the model has no such file.</param>
    public static ClipConfig Load(Func<string, string?> read)
    {
        var model = Parse(read, ConfigFile, ClipJsonContext.Default.OpenClipModelConfig);
        var pre = Parse(read, PreprocessFile, ClipJsonContext.Default.PreprocessConfig);
        var embed = model.EmbedDim ?? throw Invalid(ConfigFile, "embed_dim");
        var context = model.TextCfg?.ContextLength ?? 77;
        var size = pre.Size is { ValueKind: JsonValueKind.Number } n ? n.GetInt32()
            : pre.Size is { ValueKind: JsonValueKind.Array } a && a.GetArrayLength() > 0 ? a[0].GetInt32()
            : model.VisionCfg?.ImageSize ?? throw Invalid(PreprocessFile, "size");
        if (pre.Mean is not { Length: 3 } mean || pre.Std is not { Length: 3 } std || std.Any(s => s <= 0))
        {
            throw Invalid(PreprocessFile, "mean/std");
        }
        var image = new ClipPreprocess(size, mean, std, pre.Interpolation ?? "bicubic", pre.ResizeMode ?? "shortest");
        var padToken = read(TokenizerConfigFile) is { } tokenizerConfig
            ? JsonSerializer.Deserialize(File.ReadAllBytes(tokenizerConfig), ClipJsonContext.Default.TokenizerConfig)?.PadTokenText
            : null;
        return new ClipConfig(embed, context, image, padToken == ClipTokenizer.EndOfText ? ClipTokenizer.EndOfTextId : 0);
    }

    private static T Parse<T>(Func<string, string?> read, string file, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        var path = read(file) ?? throw new InvalidDataException($"The CLIP model has no {file}.");
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(path), type) ?? throw new InvalidDataException($"{file} is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{file} is not valid JSON: {e.Message}", e);
        }
    }

    private static InvalidDataException Invalid(string file, string field) => new($"{file} has no usable {field}.");
}

/// <summary>
/// The image side of a CLIP model: square input of <paramref name="Size"/>, per-channel mean and std on 0–1 values,
/// the resampling kernel and how the photo is fitted ("shortest": short side to Size then centre crop; "squash").
/// </summary>
public sealed record ClipPreprocess(int Size, float[] Mean, float[] Std, string Interpolation, string ResizeMode);

public sealed record OpenClipModelConfig(
    [property: JsonPropertyName("embed_dim")] int? EmbedDim,
    [property: JsonPropertyName("vision_cfg")] VisionConfig? VisionCfg,
    [property: JsonPropertyName("text_cfg")] TextConfig? TextCfg);

public sealed record VisionConfig([property: JsonPropertyName("image_size")] int? ImageSize);

public sealed record TextConfig([property: JsonPropertyName("context_length")] int? ContextLength);

/// <summary><c>size</c> is a number or a [height, width] pair depending on the exporter.</summary>
public sealed record PreprocessConfig(
    [property: JsonPropertyName("size")] JsonElement? Size,
    [property: JsonPropertyName("mean")] float[]? Mean,
    [property: JsonPropertyName("std")] float[]? Std,
    [property: JsonPropertyName("interpolation")] string? Interpolation,
    [property: JsonPropertyName("resize_mode")] string? ResizeMode);

/// <summary><c>pad_token</c> is a string or an added-token object with <c>content</c>, depending on the transformers version.</summary>
public sealed record TokenizerConfig([property: JsonPropertyName("pad_token")] JsonElement? PadToken)
{
    public string? PadTokenText => PadToken switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { ValueKind: JsonValueKind.Object } o when o.TryGetProperty("content", out var content) => content.GetString(),
        _ => null,
    };
}

[JsonSourceGenerationOptions(ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(OpenClipModelConfig))]
[JsonSerializable(typeof(PreprocessConfig))]
[JsonSerializable(typeof(TokenizerConfig))]
[JsonSerializable(typeof(Dictionary<string, int>))]
internal sealed partial class ClipJsonContext : JsonSerializerContext;
