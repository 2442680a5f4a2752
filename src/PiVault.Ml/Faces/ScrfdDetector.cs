using System.Numerics;
using PiVault.Ml.Models;
using PiVault.Ml.Ocr;

namespace PiVault.Ml.Faces;

/// <summary>
/// SCRFD, the detector of InsightFace's packs (Immich's buffalo_l/m/s, <c>detection/model.onnx</c>): the picture is
/// letterboxed into a <see cref="FaceDetectorSettings.ScrfdSide"/> square (scaled to fit, top-left, zero padding),
/// RGB (v − 127.5) / 128. Outputs, in the model's order: scores, boxes and landmarks for strides 8, 16 and 32, with two
/// anchors per grid cell; a box is the distances from the anchor centre to its four sides and the landmarks offsets
/// from it, all in strides (insightface's <c>distance2bbox</c>/<c>distance2kps</c>).
/// </summary>
public sealed class ScrfdDetector(IModels models, ModelPart part, FaceDetectorSettings settings) : IFaceDetector
{
    private const int AnchorsPerCell = 2;
    private static readonly int[] Strides = [8, 16, 32];
    private static readonly PixelScaling Scaling = new(127.5f, 128f);

    public IReadOnlyList<DetectedFace> Detect(RgbFrame picture, CancellationToken cancel = default)
    {
        var side = settings.ScrfdSide;
        var scale = Math.Min((float)side / picture.Width, (float)side / picture.Height);
        var width = Math.Clamp((int)Math.Round(picture.Width * scale), 1, side);
        var height = Math.Clamp((int)Math.Round(picture.Height * scale), 1, side);
        var input = new float[3 * side * side];
        picture.WritePlanes(input, width, height, side, side, Scaling);
        var outputs = models.Run(part, (session, options) => OnnxTensors.RunAll(session, options, input, [1, 3, side, side]), cancel);
        if (outputs.Count < 3 * Strides.Length)
        {
            throw new ModelUnavailableException(part.Model, $"{part.File} has {outputs.Count} outputs, an SCRFD detector with landmarks has 9");
        }
        var faces = new List<DetectedFace>();
        for (var s = 0; s < Strides.Length; s++)
        {
            Decode(outputs[s].Data, outputs[s + 3].Data, outputs[s + 6].Data, Strides[s], side / Strides[s], faces);
        }
        var back = (float)picture.Width / width;
        return settings.Keep(faces.Select(f => f.Scaled(back)));
    }

    private void Decode(float[] scores, float[] boxes, float[] kps, int stride, int columns, List<DetectedFace> faces)
    {
        for (var i = 0; i < scores.Length; i++)
        {
            if (scores[i] < settings.MinScore)
            {
                continue;
            }
            var cell = i / AnchorsPerCell;
            var (cx, cy) = ((float)(cell % columns * stride), (float)(cell / columns * stride));
            var box = new FaceBox(cx - (boxes[i * 4] * stride), cy - (boxes[(i * 4) + 1] * stride),
                cx + (boxes[(i * 4) + 2] * stride), cy + (boxes[(i * 4) + 3] * stride));
            var landmarks = new Vector2[5];
            for (var n = 0; n < 5; n++)
            {
                landmarks[n] = new Vector2(cx + (kps[(i * 10) + (2 * n)] * stride), cy + (kps[(i * 10) + (2 * n) + 1] * stride));
            }
            faces.Add(new DetectedFace(box, scores[i], landmarks));
        }
    }
}
