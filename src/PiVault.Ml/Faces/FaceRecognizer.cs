using PiVault.Ml.Clip;
using PiVault.Ml.Models;
using PiVault.Ml.Ocr;

namespace PiVault.Ml.Faces;

/// <summary>
/// A face recogniser on aligned 112 × 112 crops: RGB planes, (v − mean) / std from the model's manifest entry (ArcFace
/// packs 127.5 / 127.5, MobileFaceNet 127.5 / 128, SFace 0 / 1), one face per run, the first output scaled to unit
/// length, so cosine distance is 1 − dot product.
/// </summary>
public sealed class FaceRecognizer(IModels models, ModelPart part, PixelScaling scaling, int? embeddingSize)
{
    public ModelPart Part => part;

    public float[] Embed(RgbFrame aligned, CancellationToken cancel = default)
    {
        var input = new float[3 * FaceAlignment.Size * FaceAlignment.Size];
        aligned.WritePlanes(input, FaceAlignment.Size, FaceAlignment.Size, FaceAlignment.Size, FaceAlignment.Size, scaling);
        var (vector, _) = models.Run(part, (session, options) => OnnxTensors.Run(session, options, input, [1, 3, FaceAlignment.Size, FaceAlignment.Size]), cancel);
        if (embeddingSize is int size && vector.Length != size)
        {
            throw new ModelUnavailableException(part.Model, $"{part.File} gives {vector.Length} numbers, the manifest says embeddingSize {size}");
        }
        return ClipImage.Normalise(vector);
    }
}

/// <summary>
/// The whole face pass on one picture (the preview, never the original): detect, align each face to the ArcFace
/// template, embed it. A missing or corrupt model throws <see cref="ModelUnavailableException"/>.
/// </summary>
public sealed class PhotoFaces(IFaceDetector detector, FaceRecognizer recognizer)
{
    /// <summary>The recogniser's model name, stored with each face so a change of model is visible.</summary>
    public string Model => recognizer.Part.Model;

    public IReadOnlyList<RecognisedFace> Find(RgbFrame picture, CancellationToken cancel = default) =>
        [.. detector.Detect(picture, cancel).Select(face => new RecognisedFace(face, recognizer.Embed(FaceAlignment.Crop(picture, face.Landmarks), cancel)))];
}
