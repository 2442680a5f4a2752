using System.Numerics;

namespace PiVault.Ml.Ocr;

/// <summary>A text box the detector found, in the pixels of the picture it read, with the mean text probability inside it.</summary>
public readonly record struct DetectedBox(Quad Box, float Score);

/// <summary>
/// Turns the DB detector's probability map into text boxes, as PaddleOCR's DBPostProcess does: pixels above
/// <see cref="Threshold"/> form regions (8-connected), each region's minimum-area rectangle is kept when the mean
/// probability inside it reaches <see cref="BoxThreshold"/>, then grown by <see cref="UnclipRatio"/> (the detector
/// predicts shrunken text kernels) and scaled to the picture.
/// </summary>
public sealed class DbPostProcess
{
    public float Threshold { get; init; } = 0.3f;

    public float BoxThreshold { get; init; } = 0.6f;

    /// <summary>The offset distance is area x ratio / perimeter of the kernel's rectangle (pyclipper's unclip).</summary>
    public float UnclipRatio { get; init; } = 1.5f;

    /// <summary>Regions with a shorter side than this (in map pixels) are noise.</summary>
    public float MinSide { get; init; } = 3f;

    /// <summary>More regions than this in one photo is texture, not text: the rest are ignored.</summary>
    public int MaxCandidates { get; init; } = 1000;

    /// <param name="map">The probability map, row-major, <paramref name="mapWidth"/> x <paramref name="mapHeight"/>.</param>
    /// <param name="width">The picture's width: boxes are scaled from the map to it.</param>
    /// <param name="height">The picture's height.</param>
    public List<DetectedBox> Boxes(ReadOnlySpan<float> map, int mapWidth, int mapHeight, int width, int height)
    {
        var (sx, sy) = ((float)width / mapWidth, (float)height / mapHeight);
        var boxes = new List<DetectedBox>();
        foreach (var region in Regions(map, mapWidth, mapHeight).Take(MaxCandidates))
        {
            if (MinAreaRect.Around(region) is not { } kernel || kernel.ShortSide < MinSide)
            {
                continue;
            }
            var score = MeanInside(map, mapWidth, mapHeight, kernel.Box);
            if (score < BoxThreshold)
            {
                continue;
            }
            var grown = Unclip(kernel.Box);
            if (grown.Height < MinSide + 2 || grown.Width < MinSide + 2)
            {
                continue;
            }
            boxes.Add(new DetectedBox(grown.Scale(sx, sy, width, height), score));
        }
        return boxes;
    }

    /// <summary>
    /// The 8-connected regions of pixels above the threshold, each given by its outline points: the first and last
    /// pixel of every row it spans, which is all a convex hull needs (pixel indices, as OpenCV's contours give them).
    /// </summary>
    private List<List<Vector2>> Regions(ReadOnlySpan<float> map, int width, int height)
    {
        var label = new int[width * height];
        var regions = new List<List<Vector2>>();
        var stack = new Stack<int>();
        for (var start = 0; start < label.Length; start++)
        {
            if (label[start] != 0 || map[start] <= Threshold)
            {
                continue;
            }
            var id = regions.Count + 1;
            var rows = new Dictionary<int, (int Min, int Max)>();
            label[start] = id;
            stack.Push(start);
            while (stack.Count > 0)
            {
                var at = stack.Pop();
                var (x, y) = (at % width, at / width);
                rows[y] = rows.TryGetValue(y, out var span) ? (Math.Min(span.Min, x), Math.Max(span.Max, x)) : (x, x);
                for (var ny = Math.Max(0, y - 1); ny <= Math.Min(height - 1, y + 1); ny++)
                {
                    for (var nx = Math.Max(0, x - 1); nx <= Math.Min(width - 1, x + 1); nx++)
                    {
                        var next = (ny * width) + nx;
                        if (label[next] == 0 && map[next] > Threshold)
                        {
                            label[next] = id;
                            stack.Push(next);
                        }
                    }
                }
            }
            var outline = new List<Vector2>(rows.Count * 2);
            foreach (var (y, span) in rows)
            {
                outline.Add(new Vector2(span.Min, y));
                outline.Add(new Vector2(span.Max, y));
            }
            regions.Add(outline);
        }
        return regions;
    }

    /// <summary>The mean probability over the map pixels inside the box (PaddleOCR's box_score_fast).</summary>
    private static float MeanInside(ReadOnlySpan<float> map, int width, int height, Quad box)
    {
        var (sum, count) = (0.0, 0);
        var (minX, maxX) = (Corner(box, p => p.X, Math.Min), Corner(box, p => p.X, Math.Max));
        var (minY, maxY) = (Corner(box, p => p.Y, Math.Min), Corner(box, p => p.Y, Math.Max));
        for (var y = Math.Max(0, (int)MathF.Floor(minY)); y <= Math.Min(height - 1, (int)MathF.Ceiling(maxY)); y++)
        {
            for (var x = Math.Max(0, (int)MathF.Floor(minX)); x <= Math.Min(width - 1, (int)MathF.Ceiling(maxX)); x++)
            {
                if (box.Contains(new Vector2(x, y)))
                {
                    sum += map[(y * width) + x];
                    count++;
                }
            }
        }
        return count == 0 ? 0 : (float)(sum / count);
    }

    private static float Corner(Quad box, Func<Vector2, float> axis, Func<float, float, float> pick) =>
        pick(pick(axis(box.TopLeft), axis(box.TopRight)), pick(axis(box.BottomRight), axis(box.BottomLeft)));

    /// <summary>
    /// Grows the kernel rectangle by d = area x ratio / perimeter on every side: what offsetting the polygon by d and
    /// taking the minimum-area rectangle of the (round-cornered) result gives for a rectangle.
    /// </summary>
    private Quad Unclip(Quad kernel)
    {
        var across = kernel.TopRight - kernel.TopLeft;
        var down = kernel.BottomLeft - kernel.TopLeft;
        var (w, h) = (across.Length(), down.Length());
        if (w < 1e-6f || h < 1e-6f)
        {
            return kernel;
        }
        var d = w * h * UnclipRatio / (2 * (w + h));
        var (u, v) = (across / w * d, down / h * d);
        return new Quad(kernel.TopLeft - u - v, kernel.TopRight + u - v, kernel.BottomRight + u + v, kernel.BottomLeft - u + v);
    }
}
