using PiVault.Ml.Faces;
using PiVault.Ml.Models;
using PiVault.Ml.Ocr;
using PiVault.Ml.Sessions;
using PiVault.Native.Vips;

namespace PiVault.Tests.Ml.Faces;

/// <summary>
/// The labelled face photos of the shared corpus (manifest.tsv <c>has_faces</c>, identities by file name in
/// <c>face_recognition/</c>), decoded at preview-like size, and the real small face models (YuNet, MobileFaceNet,
/// SCRFD-500M) installed into a temp model folder. <see cref="Embeddings"/> gives every labelled face's identity and
/// embedding, for the recognition test here and a clustering test on top.
/// </summary>
public static class CorpusFaces
{
    public const string Corpus = "/work/shared/corpus";
    public const string ScrfdModel = "SCRFD-500M-test";

    /// <summary>
    /// Photos whose faces were labelled by eye (on the aligned crops), with the identity of each face from left to right;
    /// null for a face whose person is not otherwise in the corpus; "/profile" marks a face seen from the side (the same
    /// person, but a five-landmark alignment cannot make it comparable with a frontal face). manifest.tsv marks all of them has_faces; its Haar
    /// counts miss the partly hidden girl behind Obama and Biden and the profile in the Curie double portrait.
    /// </summary>
    public static IReadOnlyList<(string Path, string?[] People)> Labelled { get; } =
    [
        ("face_recognition/biden.jpg", ["biden"]),
        ("face_recognition/obama.jpg", ["obama"]),
        ("face_recognition/obama3.jpg", ["obama"]),
        ("face_recognition/obama_and_biden.jpg", ["biden", "obama", null]),
        ("face_recognition/two_people.jpg", ["obama", "biden"]),
        ("immich-test-assets/metadata/faces/portrait.jpg", ["curie", "curie/profile"]),
        ("immich-test-assets/metadata/faces/portrait-orientation-6.jpg", ["curie", "curie/profile"]),
        ("skimage/astronaut.png", ["astronaut"]),
    ];

    /// <summary>Photos without any face (a cup of coffee, a rocket on its pad).</summary>
    public static IReadOnlyList<string> Faceless { get; } = ["skimage/coffee.png", "skimage/rocket.jpg"];

    /// <summary>A corpus photo decoded, oriented and scaled as the preview step would (longer side at most <paramref name="side"/>).</summary>
    public static RgbFrame Photo(string relative, int side = 960)
    {
        if (!VipsLibrary.IsAvailable && !VipsLibrary.TryInitialize(out var error))
        {
            throw new InvalidOperationException($"libvips is needed to decode the corpus: {error}");
        }
        using var source = EncodedImage.FromFile(Path.Combine(Corpus, relative));
        using var thumbnail = source.Thumbnail(side, side, FailOn.Error, null);
        using var flat = thumbnail.HasAlpha ? thumbnail.Flatten(255) : thumbnail.CopyMemory();
        using var srgb = flat.ToSrgb();
        return new RgbFrame(srgb.Width, srgb.Height, srgb.WriteToMemory());
    }

    /// <summary>
    /// A model folder with YuNet, MobileFaceNet (as the manifest's MobileFaceNet-test) and SCRFD-500M copied from the
    /// shared test models, and a library over the repository's manifest plus an SCRFD entry.
    /// </summary>
    public static ModelLibrary Library(string root)
    {
        Link(root, "YuNet", "yunet_n_dynamic.onnx", "libfdt-yunet_n_dynamic.onnx");
        Link(root, "MobileFaceNet-test", "mobilefacenet.onnx", "vface-mobilefacenet.onnx");
        Link(root, ScrfdModel, "model.onnx", "scrfd_500m_bnkps.onnx");
        var manifest = MlTestModels.Manifest with
        {
            Models = [.. MlTestModels.Manifest.Models, new ModelEntry(ScrfdModel, ModelTasks.FaceDetection, [new ModelFile("model.onnx")], "non-commercial", Optional: true)],
        };
        return new ModelLibrary(manifest, new ModelFolders([root]), new SessionSettings(() => 1, TimeSpan.FromMinutes(5), null), TimeProvider.System);
    }

    /// <summary>Copies one shared test model into <c>&lt;root&gt;/&lt;model&gt;/&lt;file&gt;</c>.</summary>
    public static void Link(string root, string model, string file, string shared)
    {
        var folder = Path.Combine(root, model);
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, file);
        File.Copy(Path.Combine(MlTestModels.SharedModels, shared), target, overwrite: true);
    }

    /// <summary>YuNet + MobileFaceNet on the library, with the given settings.</summary>
    public static PhotoFaces Pipeline(IModels models, FaceDetectorSettings? settings = null) =>
        new(new YuNetDetector(models, MlTestModels.YuNet, settings ?? new FaceDetectorSettings()),
            new FaceRecognizer(models, new ModelPart("MobileFaceNet-test", "mobilefacenet.onnx"), new PixelScaling(127.5f, 128f), 128));

    /// <summary>Every labelled face with a known identity and its embedding (faces matched to labels left to right).</summary>
    public static List<(string Person, string Photo, float[] Embedding)> Embeddings(PhotoFaces faces)
    {
        var all = new List<(string, string, float[])>();
        foreach (var (path, people) in Labelled)
        {
            var found = faces.Find(Photo(path)).OrderBy(f => f.Face.Box.X1).ToList();
            if (found.Count != people.Length)
            {
                throw new InvalidOperationException($"{path}: {found.Count} faces found, {people.Length} labelled");
            }
            all.AddRange(found.Zip(people).Where(p => p.Second is not null).Select(p => (p.Second!, path, p.First.Embedding)));
        }
        return all;
    }

    /// <summary>The person of a label ("curie/profile" is curie).</summary>
    public static string PersonOf(string label) => label.Split('/')[0];

    /// <summary>Cosine distance of two unit vectors.</summary>
    public static float Distance(float[] a, float[] b)
    {
        var dot = 0f;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
        }
        return 1 - dot;
    }
}
