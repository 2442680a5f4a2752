using System.Security.Cryptography;
using PiVault.Ml.Models;
using PiVault.Server.Storage;

namespace PiVault.Server.Features.Ml;

/// <summary>
/// Puts a model's files into the primary models folder: <see cref="PullAsync"/> downloads them (HTTPS; plain HTTP only
/// from this machine, for tests), <see cref="InstallAsync"/> copies them from a folder (an attached drive). Each file is
/// written to a temp file, hashed while written, fsynced, checked against the manifest and renamed into place; a
/// checksum mismatch deletes the temp file and installs nothing of that file.
/// </summary>
public sealed class ModelInstaller(ModelManifest manifest, ModelFolders folders, HttpClient http)
{
    /// <summary>Downloads every file of <paramref name="name"/> that is not already installed intact; the lines say what happened.</summary>
    public async Task<IReadOnlyList<string>> PullAsync(string name, CancellationToken cancel)
    {
        var entry = Entry(name);
        var lines = new List<string>();
        foreach (var file in entry.Files)
        {
            var target = Target(entry, file);
            if (IsIntact(target, file))
            {
                lines.Add($"{file.Path}: already installed");
                continue;
            }
            var url = Url(entry, file);
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancel);
            if (!response.IsSuccessStatusCode)
            {
                throw new ModelInstallException($"{entry.Name}/{file.Path}: {url} answered {(int)response.StatusCode} {response.ReasonPhrase}");
            }
            await using var source = await response.Content.ReadAsStreamAsync(cancel);
            lines.Add(await WriteAsync(entry, file, source, target, cancel));
        }
        return lines;
    }

    /// <summary>
    /// Copies a model from <paramref name="folder"/>: a model's own folder (named as in the manifest, like an Immich model
    /// folder), or a folder holding model folders, of which every known one is installed.
    /// </summary>
    public async Task<IReadOnlyList<string>> InstallAsync(string folder, CancellationToken cancel)
    {
        folder = Path.GetFullPath(folder);
        if (!Directory.Exists(folder))
        {
            throw new ModelInstallException($"{folder} is not a folder");
        }
        var models = manifest.Find(Path.GetFileName(folder)) is { } own
            ? [(own, folder)]
            : manifest.Models.Select(m => (m, Path.Combine(folder, m.Name))).Where(p => Directory.Exists(p.Item2)).ToList();
        if (models.Count == 0)
        {
            throw new ModelInstallException($"{folder} holds no model folder named as in the manifest ({string.Join(", ", manifest.Models.Select(m => m.Name))})");
        }
        var lines = new List<string>();
        foreach (var (entry, source) in models)
        {
            foreach (var file in entry.Files)
            {
                var from = Path.Combine(source, file.Path);
                if (!File.Exists(from))
                {
                    throw new ModelInstallException($"{entry.Name}: {file.Path} is missing in {source}");
                }
                await using var stream = new FileStream(from, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
                lines.Add(await WriteAsync(entry, file, stream, Target(entry, file), cancel));
            }
        }
        return lines;
    }

    private ModelEntry Entry(string name) => manifest.Find(name)
        ?? throw new ModelInstallException($"'{name}' is not in the model manifest; 'pivault models list' shows the known models");

    private string Target(ModelEntry entry, ModelFile file) => Path.Combine(folders.Primary, entry.Name, file.Path);

    private static bool IsIntact(string path, ModelFile file) =>
        file.Sha256 is not null && File.Exists(path) && new FileIntegrity().Problem(path, file) is null;

    private static Uri Url(ModelEntry entry, ModelFile file)
    {
        if (!Uri.TryCreate(file.Url, UriKind.Absolute, out var url))
        {
            throw new ModelInstallException($"{entry.Name}/{file.Path} has no download address in the manifest: install it from a folder");
        }
        return url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback)
            ? url
            : throw new ModelInstallException($"{entry.Name}/{file.Path}: only HTTPS downloads are allowed, not {url}");
    }

    private static async Task<string> WriteAsync(ModelEntry entry, ModelFile file, Stream source, string target, CancellationToken cancel)
    {
        var folder = Path.GetDirectoryName(target)!;
        DirectorySync.CreateDirectoryDurably(folder);
        var temp = $"{target}.{Environment.ProcessId}.tmp";
        try
        {
            var (hash, bytes) = await CopyHashingAsync(source, temp, file.Bytes, cancel);
            if (file.Bytes is { } expected && bytes != expected)
            {
                throw new ModelInstallException($"{entry.Name}/{file.Path}: got {bytes} bytes, the manifest expects {expected}; nothing installed");
            }
            if (file.Sha256 is { } pinned && !string.Equals(hash, pinned, StringComparison.OrdinalIgnoreCase))
            {
                throw new ModelInstallException($"{entry.Name}/{file.Path}: SHA-256 {hash} does not match the manifest's {pinned}; nothing installed");
            }
            File.Move(temp, target, overwrite: true);
            DirectorySync.Flush(folder);
            return file.Sha256 is null
                ? $"{file.Path}: installed ({bytes} bytes), no pinned checksum in the manifest (SHA-256 {hash})"
                : $"{file.Path}: installed ({bytes} bytes, SHA-256 checked)";
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static async Task<(string Hash, long Bytes)> CopyHashingAsync(Stream source, string temp, long? limit, CancellationToken cancel)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var output = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancel)) > 0)
        {
            total += read;
            if (limit is { } max && total > max)
            {
                break; // longer than the manifest says: no need to read the rest to refuse it
            }
            hash.AppendData(buffer, 0, read);
            await output.WriteAsync(buffer.AsMemory(0, read), cancel);
        }
        output.Flush(flushToDisk: true);
        return (Convert.ToHexStringLower(hash.GetHashAndReset()), total);
    }
}

/// <summary>A model that could not be installed, in one sentence for the admin.</summary>
public sealed class ModelInstallException(string message) : Exception(message);
