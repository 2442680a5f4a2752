using PiVault.Tests.Ml.Clip;

namespace PiVault.Bench.Ml;

/// <summary>
/// A <c>ViT-B-32__openai</c> folder in Immich's export layout (the files the manifest lists) whose image tower is the
/// full-size random-weight <see cref="VitB32Graph"/>; the text tower is a stand-in (search latency is measured apart),
/// the vocabulary the real CLIP one from deps/clip-vocab. Written once per work folder (≈351 MB, never committed).
/// </summary>
public static class ClipModelFolder
{
    public const string Name = "ViT-B-32__openai";

    /// <summary>Writes <c>&lt;root&gt;/ViT-B-32__openai/</c> unless its image tower is there; returns the parameter count written (0 when kept).</summary>
    public static long Ensure(string root, string repo)
    {
        var folder = Path.Combine(root, Name);
        var visual = Path.Combine(folder, "visual", "model.onnx");
        if (File.Exists(visual))
        {
            return 0;
        }
        Directory.CreateDirectory(Path.Combine(folder, "visual"));
        Directory.CreateDirectory(Path.Combine(folder, "textual"));
        File.WriteAllText(Path.Combine(folder, "config.json"),
            """{"embed_dim": 512, "vision_cfg": {"image_size": 224, "layers": 12, "width": 768, "patch_size": 32}, "text_cfg": {"context_length": 77, "vocab_size": 49408, "width": 512, "heads": 8, "layers": 12}}""");
        File.WriteAllText(Path.Combine(folder, "visual", "preprocess_cfg.json"),
            """{"size": [224, 224], "mode": "RGB", "mean": [0.48145466, 0.4578275, 0.40821073], "std": [0.26862954, 0.26130258, 0.27577711], "interpolation": "bicubic", "resize_mode": "shortest", "fill_color": 0}""");
        File.WriteAllText(Path.Combine(folder, "textual", "tokenizer_config.json"), """{"pad_token": "<|endoftext|>", "model_max_length": 77}""");
        File.WriteAllText(Path.Combine(folder, "textual", "tokenizer.json"), "{}");
        File.WriteAllText(Path.Combine(folder, "textual", "special_tokens_map.json"), "{}");
        foreach (var file in new[] { "vocab.json", "merges.txt" })
        {
            File.Copy(Path.Combine(repo, "deps", "clip-vocab", file), Path.Combine(folder, "textual", file), overwrite: true);
        }
        File.WriteAllBytes(Path.Combine(folder, "textual", "model.onnx"), new TinyOnnx()
            .Input("text", TinyOnnx.Int32Elements, 1, 77)
            .Weights("words", new float[77 * 512], 77, 512)
            .Node("Cast", ["text"], ["ids"], ints: new() { ["to"] = TinyOnnx.FloatElements })
            .Node("MatMul", ["ids", "words"], ["embedding"])
            .Output("embedding", TinyOnnx.FloatElements, 1, 512)
            .Build());
        var graph = VitB32Graph.Build();
        File.WriteAllBytes(visual + ".tmp", graph);
        File.Move(visual + ".tmp", visual);
        return VitB32Graph.Parameters;
    }

    /// <summary>The checkout's root (the folder with PiVault.sln) above the bench binary.</summary>
    public static string RepoRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "PiVault.sln")))
        {
            dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("PiVault.sln not found above the bench binary");
        }
        return dir;
    }
}
