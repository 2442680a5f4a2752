using System.Numerics;
using PiVault.Ml.Models;
using PiVault.Ml.Ocr;

namespace PiVault.Ml.Faces;

/// <summary>
/// YuNet (libfacedetection, Apache-2.0), PiVault's default face detector. The picture is scaled so its longer side is at
/// most <see cref="FaceDetectorSettings.YuNetSide"/> and padded at the right and bottom to multiples of 32, fed as BGR
/// 0–255 without normalisation. For each stride (8, 16, 32) and grid cell the model gives a class and an objectness
/// score (the face score is their geometric mean), a box (centre offset in cells, log size in cells) and five
/// landmarks (offsets in cells), decoded as OpenCV's FaceDetectorYN does.
/// </summary>
public sealed class YuNetDetector(IModels models, ModelPart part, FaceDetectorSettings settings) : IFaceDetector
{
    private static readonly int[] Strides = [8, 16, 32];
    private static readonly PixelScaling Scaling = new(0, 1, Bgr: true);

    public IReadOnlyList<DetectedFace> Detect(RgbFrame picture, CancellationToken cancel = default)
    {
        var scale = Math.Min(1f, (float)settings.YuNetSide / Math.Max(picture.Width, picture.Height));
        var width = Math.Max(1, (int)Math.Round(picture.Width * scale));
        var height = Math.Max(1, (int)Math.Round(picture.Height * scale));
        var (inputWidth, inputHeight) = (RoundUp32(width), RoundUp32(height));
        var input = new float[3 * inputWidth * inputHeight];
        picture.WritePlanes(input, width, height, inputWidth, inputHeight, Scaling);
        var outputs = models.Run(part, (session, options) => OnnxTensors.RunAll(session, options, input, [1, 3, inputHeight, inputWidth]), cancel);
        var byName = outputs.ToDictionary(o => o.Name, o => o.Data, StringComparer.Ordinal);
        var faces = new List<DetectedFace>();
        foreach (var stride in Strides)
        {
            Decode(byName, stride, inputWidth / stride, inputHeight / stride, faces);
        }
        // Back to the picture's pixels: the scaled picture sits at the tensor's top-left, so only the scale undoes.
        var back = (float)picture.Width / width;
        return settings.Keep(faces.Select(f => f.Scaled(back)));
    }

    private void Decode(Dictionary<string, float[]> outputs, int stride, int columns, int rows, List<DetectedFace> faces)
    {
        var cls = Output(outputs, "cls", stride);
        var obj = Output(outputs, "obj", stride);
        var bbox = Output(outputs, "bbox", stride);
        var kps = Output(outputs, "kps", stride);
        var cells = Math.Min(rows * columns, cls.Length);
        // Below the settings' minimum nothing is kept anyway: skip decoding most cells.
        var floor = settings.MinScore * settings.MinScore;
        for (var i = 0; i < cells; i++)
        {
            var product = Math.Clamp(cls[i], 0f, 1f) * Math.Clamp(obj[i], 0f, 1f);
            if (product < floor)
            {
                continue;
            }
            var (column, row) = (i % columns, i / columns);
            var cx = (column + bbox[(i * 4) + 0]) * stride;
            var cy = (row + bbox[(i * 4) + 1]) * stride;
            var w = MathF.Exp(bbox[(i * 4) + 2]) * stride;
            var h = MathF.Exp(bbox[(i * 4) + 3]) * stride;
            var landmarks = new Vector2[5];
            for (var n = 0; n < 5; n++)
            {
                landmarks[n] = new Vector2((kps[(i * 10) + (2 * n)] + column) * stride, (kps[(i * 10) + (2 * n) + 1] + row) * stride);
            }
            faces.Add(new DetectedFace(new FaceBox(cx - (w / 2), cy - (h / 2), cx + (w / 2), cy + (h / 2)), MathF.Sqrt(product), landmarks));
        }
    }

    private float[] Output(Dictionary<string, float[]> outputs, string name, int stride) =>
        outputs.TryGetValue($"{name}_{stride}", out var data)
            ? data
            : throw new ModelUnavailableException(part.Model, $"{part.File} has no output {name}_{stride}: it is not a YuNet model");

    private static int RoundUp32(int v) => (v + 31) / 32 * 32;
}
