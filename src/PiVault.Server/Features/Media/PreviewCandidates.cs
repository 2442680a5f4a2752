namespace PiVault.Server.Features.Media;

/// <summary>A byte range inside a RAW file that may hold an embedded JPEG; not yet checked.</summary>
/// <param name="Source">Where the range came from (for diagnostics and tests), e.g. "IFD0 strips".</param>
internal readonly record struct PreviewCandidate(long Offset, long Length, string Source);

/// <summary>
/// What a container scanner found: candidate JPEG ranges and the RAW's own orientation. Bounded, so a crafted
/// file with thousands of pointers cannot grow it without limit.
/// </summary>
internal sealed class PreviewCandidates
{
    private const int MaxCandidates = 64;
    private readonly List<PreviewCandidate> candidates = [];

    public IReadOnlyList<PreviewCandidate> All => candidates;

    /// <summary>EXIF orientation 1–8 from the container's first image directory, if it had a valid one.</summary>
    public int? Orientation { get; private set; }

    public void Add(long offset, long length, string source)
    {
        if (offset <= 0 || length <= 0 || candidates.Count >= MaxCandidates || candidates.Exists(c => c.Offset == offset && c.Length == length))
        {
            return;
        }
        candidates.Add(new PreviewCandidate(offset, length, source));
    }

    public void SetOrientation(uint value)
    {
        if (Orientation is null && value is >= 1 and <= 8)
        {
            Orientation = (int)value;
        }
    }
}
