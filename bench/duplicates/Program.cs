// Duplicate-detection benchmark: hashing speed from stored previews, the neighbour scan over N hashes in SQLite, and the
// threshold's true and false positives on copies of corpus photos. Usage: bench/duplicates/run.sh (see the results file).
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using PiVault.Native.Vips;
using PiVault.Server.Features.Duplicates;
using PiVault.Tests.Duplicates;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var corpus = args.Length > 0 ? args[0] : "/work/shared/corpus";
if (!VipsLibrary.TryInitialize(out var vipsError))
{
    Console.Error.WriteLine(vipsError);
    return 1;
}
var thumbnailer = new VipsThumbnailer();
var spec = new ThumbnailSpec();
var hasher = new VipsPreviewHasher();
var work = Directory.CreateTempSubdirectory("pivault-dupes-bench").FullName;

// Photos: every still picture of the corpus at least 300 px on its short side (corrupt and fuzzed files left out).
var lines = File.ReadAllLines(Path.Combine(corpus, "manifest.tsv")).Skip(1).Select(l => l.Split('\t'));
var photos = lines.Where(c => c[6] is "jpeg" or "heic" or "png" or "webp" or "avif" or "tiff" or "jxl")
    .Where(c => c[7].Split('x') is [var w, var h] && int.TryParse(w, out var iw) && int.TryParse(h, out var ih) && Math.Min(iw, ih) >= 300)
    .Select(c => c[0]).ToList();

// 1. The production path per photo: a preview as the thumbnail step writes it, then the hash from that file.
var previews = new Dictionary<string, string>();
foreach (var photo in photos)
{
    try
    {
        var path = Path.Combine(work, $"{previews.Count}-preview.jpeg");
        File.WriteAllBytes(path, thumbnailer.Generate(Path.Combine(corpus, photo), spec).PreviewJpeg);
        previews[photo] = path;
    }
    catch (MediaDecodeException)
    {
    }
}
hasher.Hash(previews.Values.First()); // warm-up
var clock = Stopwatch.StartNew();
var originals = previews.ToDictionary(p => p.Key, p => hasher.Hash(p.Value));
var hashSeconds = clock.Elapsed.TotalSeconds;

// 2. The copies, each through the same path (its own preview, then the hash).
string[] variantNames = ["resized-50", "jpeg-q30", "cropped-3", "cropped-6", "png"];
var variantDistances = variantNames.ToDictionary(n => n, _ => new List<(string Photo, int Distance)>());
foreach (var (photo, hash) in originals.Where(o => o.Value is not null))
{
    var path = Path.Combine(corpus, photo);
    var copies = PhotoVariants.Of(path);
    using (var upright = PhotoVariants.Upright(path))
    using (var wider = PhotoVariants.Cropped(upright, 0.06))
    {
        copies["cropped-6"] = wider.SaveJpeg(90, false);
    }
    foreach (var (name, bytes) in copies)
    {
        var previewPath = Path.Combine(work, "copy-preview.jpeg");
        File.WriteAllBytes(previewPath, thumbnailer.Generate(bytes, spec).PreviewJpeg);
        var copyHash = hasher.Hash(previewPath);
        variantDistances[name].Add((photo, copyHash is { } c ? PerceptualHash.Distance(hash!.Value, c) : 64));
    }
}

// 3. Different pictures: every pair of originals (the corpus's known same-picture files are listed, not excluded).
var hashed = originals.Where(o => o.Value is not null).OrderBy(o => o.Key, StringComparer.Ordinal).ToList();
var pairs = new List<(string A, string B, int Distance)>();
for (var i = 0; i < hashed.Count; i++)
{
    for (var j = i + 1; j < hashed.Count; j++)
    {
        pairs.Add((hashed[i].Key, hashed[j].Key, PerceptualHash.Distance(hashed[i].Value!.Value, hashed[j].Value!.Value)));
    }
}

// 4. The neighbour scan: N stored hashes of one owner in a real SQLite file, the production query.
var scan = new List<(int N, double Ms)>();
foreach (var n in new[] { 1_000, 10_000, 100_000 })
{
    var file = Path.Combine(work, $"scan-{n}.db");
    using var db = new SqliteConnection($"Data Source={file}");
    db.Open();
    using (var create = db.CreateCommand())
    {
        create.CommandText = "CREATE TABLE assets (id TEXT PRIMARY KEY, owner_id TEXT NOT NULL, phash INTEGER, deleted_at INTEGER);" +
            "CREATE INDEX assets_owner_phash ON assets (owner_id, phash) WHERE phash IS NOT NULL;";
        create.ExecuteNonQuery();
    }
    var random = new Random(n);
    using (var transaction = db.BeginTransaction())
    using (var insert = db.CreateCommand())
    {
        insert.CommandText = "INSERT INTO assets (id, owner_id, phash) VALUES ($id, 'owner', $hash);";
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        var hash = insert.Parameters.Add("$hash", SqliteType.Integer);
        for (var i = 0; i < n; i++)
        {
            id.Value = $"asset-{i:D7}";
            hash.Value = random.NextInt64(long.MinValue, long.MaxValue);
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
    }
    var neighbours = new PerceptualHashNeighbours();
    neighbours.NeighboursOf(db, "owner", "asset-0000000"); // warm-up
    var timer = Stopwatch.StartNew();
    const int Runs = 20;
    for (var i = 0; i < Runs; i++)
    {
        neighbours.NeighboursOf(db, "owner", $"asset-{i * (n / Runs):D7}");
    }
    scan.Add((n, timer.Elapsed.TotalMilliseconds / Runs));
}
Directory.Delete(work, recursive: true);

// Report.
Console.WriteLine($"## Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, libvips {VipsLibrary.LoadedVersion}");
Console.WriteLine();
Console.WriteLine($"Hashing from stored previews (1440 px JPEG, shrink-on-load to 256, 32 × 32 grey, DCT): {originals.Count} photos in {hashSeconds:F2} s = **{originals.Count / hashSeconds:F0} photos/s** on one thread ({1000 * hashSeconds / originals.Count:F1} ms each).");
Console.WriteLine($"{originals.Count(o => o.Value is null)} of them flat (no hash).");
Console.WriteLine();
Console.WriteLine("Neighbour scan (one owner's hashes in SQLite, `PerceptualHashNeighbours`, mean of 20 look-ups):");
Console.WriteLine();
Console.WriteLine("| stored hashes | ms per new photo |");
Console.WriteLine("|---:|---:|");
foreach (var (n, ms) in scan)
{
    Console.WriteLine($"| {n:N0} | {ms:F2} |");
}
Console.WriteLine();
Console.WriteLine($"Copies of {hashed.Count} corpus photos (each copy through its own preview) and {pairs.Count:N0} pairs of different corpus files:");
Console.WriteLine();
Console.WriteLine("| threshold (bits) | " + string.Join(" | ", variantNames.Select(n => $"{n} found")) + " | different-file pairs within |");
Console.WriteLine("|---:|" + string.Concat(variantNames.Select(_ => "---:|")) + "---:|");
foreach (var t in new[] { 4, 6, 8, 10, 12, 14, 16, 20 })
{
    var found = variantNames.Select(n => $"{variantDistances[n].Count(d => d.Distance <= t)}/{variantDistances[n].Count}");
    Console.WriteLine($"| {t}{(t == PerceptualHash.SamePictureDistance ? " (chosen)" : "")} | {string.Join(" | ", found)} | {pairs.Count(p => p.Distance <= t)} |");
}
Console.WriteLine();
Console.WriteLine("Largest copy distances:");
Console.WriteLine();
foreach (var name in variantNames)
{
    Console.WriteLine($"- {name}: " + string.Join(", ", variantDistances[name].OrderByDescending(d => d.Distance).Take(4).Select(d => $"{d.Photo} {d.Distance}")));
}
Console.WriteLine();
Console.WriteLine("Different-file pairs within 16 bits (same-picture files of the corpus among them):");
Console.WriteLine();
foreach (var (a, b, d) in pairs.Where(p => p.Distance <= 16).OrderBy(p => p.Distance))
{
    Console.WriteLine($"- {d}: {a} — {b}");
}
return 0;
