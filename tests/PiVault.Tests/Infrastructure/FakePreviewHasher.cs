using System.Collections.Concurrent;
using System.Security.Cryptography;
using PiVault.Server.Features.Duplicates;

namespace PiVault.Tests.Infrastructure;

/// <summary>
/// Stands in for the libvips hash in the service tier, whose previews are <see cref="FakeThumbnailer"/> markers, not
/// pictures. A hash planted for an asset (<see cref="Plant"/>) wins; otherwise the first 8 bytes of the preview's SHA-256,
/// so different uploads are about 32 bits apart and never grouped, and the same bytes always are.
/// </summary>
public sealed class FakePreviewHasher : IPreviewHasher
{
    private readonly ConcurrentDictionary<string, ulong?> planted = new(StringComparer.Ordinal);

    /// <summary>The hash the asset's preview will have (null: a flat picture).</summary>
    public void Plant(string assetId, ulong? hash) => planted[assetId] = hash;

    public ulong? Hash(string previewPath)
    {
        // DerivedFileStore names previews "<asset id>-preview.jpeg".
        var assetId = Path.GetFileName(previewPath)[..^"-preview.jpeg".Length];
        return planted.TryGetValue(assetId, out var hash) ? hash : BitConverter.ToUInt64(SHA256.HashData(File.ReadAllBytes(previewPath)), 0);
    }
}
