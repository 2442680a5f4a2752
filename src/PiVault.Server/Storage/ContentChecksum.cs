using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace PiVault.Server.Storage;

/// <summary>
/// The content identity of an original: SHA-1, because that is what Immich clients compute and send for
/// dedupe. It identifies content; it guards nothing, so SHA-1's collision weakness does not matter here.
/// </summary>
[SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms", Justification = "Content identity shared with Immich clients, not a security control.")]
public static class ContentChecksum
{
    public static IncrementalHash Begin() => IncrementalHash.CreateHash(HashAlgorithmName.SHA1);

    public static byte[] Of(ReadOnlySpan<byte> bytes) => SHA1.HashData(bytes);

    public static byte[] OfFile(string path)
    {
        using var stream = File.OpenRead(path);
        return SHA1.HashData(stream);
    }
}
