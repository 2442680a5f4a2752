namespace PiVault.Ml.Faces;

/// <summary>Which detections count as faces; the defaults are Immich's (minScore 0.7, NMS IoU 0.4).</summary>
public sealed record FaceDetectorSettings
{
    /// <summary>Faces the detector is less sure of than this are dropped (Immich's <c>minScore</c>).</summary>
    public float MinScore { get; init; } = 0.7f;

    /// <summary>Faces whose box is narrower or lower than this many pixels of the picture are dropped (too small to recognise).</summary>
    public float MinFaceSize { get; init; } = 20;

    /// <summary>Of two boxes overlapping more than this (IoU), the less sure one is dropped.</summary>
    public float NmsThreshold { get; init; } = 0.4f;

    /// <summary>YuNet's input: the picture's longer side scaled down to this (both sides then padded to multiples of 32).</summary>
    public int YuNetSide { get; init; } = 640;

    /// <summary>SCRFD's square input, the picture letterboxed into it (640 as insightface and Immich use).</summary>
    public int ScrfdSide { get; init; } = 640;

    /// <summary>
    /// The faces that pass <see cref="MinScore"/>, most sure first, overlaps suppressed, then those at least
    /// <see cref="MinFaceSize"/> (after suppression, so a small duplicate box never stands in for a face dropped as small).
    /// </summary>
    public List<DetectedFace> Keep(IEnumerable<DetectedFace> candidates)
    {
        var sorted = candidates.Where(f => f.Score >= MinScore).OrderByDescending(f => f.Score).ToList();
        var kept = new List<DetectedFace>();
        foreach (var face in sorted)
        {
            if (kept.TrueForAll(k => k.Box.IoU(face.Box) <= NmsThreshold))
            {
                kept.Add(face);
            }
        }
        return kept.FindAll(f => f.Box.Width >= MinFaceSize && f.Box.Height >= MinFaceSize);
    }
}

/// <summary>A face detector: the faces of a picture, in the picture's pixels, most sure first.</summary>
public interface IFaceDetector
{
    IReadOnlyList<DetectedFace> Detect(PiVault.Ml.Ocr.RgbFrame picture, CancellationToken cancel = default);
}
