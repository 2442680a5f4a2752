namespace PiVault.Tests.Ml.Clip;

/// <summary>
/// A CLIP model folder in Immich's export layout with the real names, shapes and config files of ViT-B-32__openai but
/// tiny generated graphs: the image tower is the mean colour of each channel times a 3×512 matrix, the text tower the
/// token ids times a 77×512 matrix. Enough for preprocessing, storage, search, filters and paging to run for real
/// through ONNX Runtime without the 600 MB model.
/// </summary>
public static class ClipTestModel
{
    public const string Name = "ViT-B-32__openai";
    public const int Dimensions = 512;
    public const int Size = 224;

    public static readonly float[] Mean = [0.48145466f, 0.4578275f, 0.40821073f];
    public static readonly float[] Std = [0.26862954f, 0.26130258f, 0.27577711f];

    /// <summary>Writes the model under <c>&lt;root&gt;/ViT-B-32__openai/</c>; returns its folder.</summary>
    public static string Install(string root)
    {
        var folder = Path.Combine(root, Name);
        Directory.CreateDirectory(Path.Combine(folder, "visual"));
        Directory.CreateDirectory(Path.Combine(folder, "textual"));
        File.WriteAllText(Path.Combine(folder, "config.json"),
            """{"embed_dim": 512, "vision_cfg": {"image_size": 224, "layers": 12, "width": 768, "patch_size": 32}, "text_cfg": {"context_length": 77, "vocab_size": 49408, "width": 512, "heads": 8, "layers": 12}}""");
        File.WriteAllText(Path.Combine(folder, "visual", "preprocess_cfg.json"),
            """{"size": [224, 224], "mode": "RGB", "mean": [0.48145466, 0.4578275, 0.40821073], "std": [0.26862954, 0.26130258, 0.27577711], "interpolation": "bicubic", "resize_mode": "shortest", "fill_color": 0}""");
        File.WriteAllText(Path.Combine(folder, "textual", "tokenizer_config.json"), """{"pad_token": "<|endoftext|>", "model_max_length": 77}""");
        File.WriteAllText(Path.Combine(folder, "textual", "tokenizer.json"), "{}");
        File.WriteAllText(Path.Combine(folder, "textual", "special_tokens_map.json"), "{}");
        File.Copy(Path.Combine(ClipTokenizerTests.VocabFolder, "vocab.json"), Path.Combine(folder, "textual", "vocab.json"), overwrite: true);
        File.Copy(Path.Combine(ClipTokenizerTests.VocabFolder, "merges.txt"), Path.Combine(folder, "textual", "merges.txt"), overwrite: true);
        File.WriteAllBytes(Path.Combine(folder, "visual", "model.onnx"), Visual());
        File.WriteAllBytes(Path.Combine(folder, "textual", "model.onnx"), Textual());
        return folder;
    }

    /// <summary>image [1,3,224,224] → GlobalAveragePool → Flatten → MatMul(3×512) → embedding [1,512].</summary>
    public static byte[] Visual() => new TinyOnnx()
        .Input("image", TinyOnnx.FloatElements, 1, 3, Size, Size)
        .Weights("colour", ColourWeights(), 3, Dimensions)
        .Node("GlobalAveragePool", ["image"], ["pooled"])
        .Node("Flatten", ["pooled"], ["flat"], ints: new() { ["axis"] = 1 })
        .Node("MatMul", ["flat", "colour"], ["embedding"])
        .Output("embedding", TinyOnnx.FloatElements, 1, Dimensions)
        .Build();

    /// <summary>text int32 [1,77] → Cast(float) → MatMul(77×512) → embedding [1,512].</summary>
    public static byte[] Textual() => new TinyOnnx()
        .Input("text", TinyOnnx.Int32Elements, 1, 77)
        .Weights("words", TextWeights(), 77, Dimensions)
        .Node("Cast", ["text"], ["ids"], ints: new() { ["to"] = TinyOnnx.FloatElements })
        .Node("MatMul", ["ids", "words"], ["embedding"])
        .Output("embedding", TinyOnnx.FloatElements, 1, Dimensions)
        .Build();

    /// <summary>
    /// What the generated image tower gives for a photo of one colour: the normalised channel means in the first three
    /// dimensions (the colour matrix is the identity there and zero elsewhere), unit length.
    /// </summary>
    public static float[] EmbeddingOfColour(byte r, byte g, byte b)
    {
        var vector = new float[Dimensions];
        byte[] rgb = [r, g, b];
        for (var c = 0; c < 3; c++)
        {
            vector[c] = (rgb[c] / 255f - Mean[c]) / Std[c];
        }
        return PiVault.Ml.Clip.ClipImage.Normalise(vector);
    }

    private static float[] ColourWeights()
    {
        var weights = new float[3 * Dimensions];
        for (var c = 0; c < 3; c++)
        {
            weights[c * Dimensions + c] = 1;
        }
        return weights;
    }

    private static float[] TextWeights()
    {
        var random = new Random(77);
        return [.. Enumerable.Range(0, 77 * Dimensions).Select(_ => (float)(random.NextDouble() - 0.5) / 50_000f)];
    }
}
