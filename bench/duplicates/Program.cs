// Duplicate-detection benchmark: hashing speed from stored previews, the neighbour look-up over N hashes in SQLite, and the
// threshold's true and false positives on copies of corpus photos. Usage: bench/duplicates/run.sh (see the results file).
using System.Diagnostics;
using System.Globalization;
using PiVault.Native.Vips;
using PiVault.Server.Data;
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

// 4. The neighbour look-up: N random hashes of one owner in a migrated PiVault database, the production index query
// (PerceptualHashNeighbours, multi-index hashing over migration 0022's bands) against the scan it replaced.
var scan = new List<(int N, double IndexMs, double ScanMs)>();
foreach (var n in new[] { 1_000, 10_000, 100_000, 300_000 })
{
    var database = new Database(Path.Combine(work, $"scan-{n}.db"));
    database.Initialize();
    using var db = database.Open(Durability.Relaxed);
    using (var transaction = db.BeginTransaction())
    {
        db.Execute("INSERT INTO users (id, email, name, password_hash, created_at, updated_at) VALUES ('owner', 'bench@example.com', 'Bench', 'x', 0, 0);");
        db.Execute(
            """
            WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $count - 1)
            INSERT INTO assets (id, owner_id, checksum, type, original_path, original_file_name, mime_type, file_size, file_created_at,
                file_modified_at, taken_at, created_at, updated_at, phash)
            SELECT printf('asset-%07d', i), 'owner', randomblob(20), 'image', printf('seed/%07d.jpg', i), printf('%07d.jpg', i),
                'image/jpeg', 3000000, 0, 0, 0, 0, 0, random() FROM n;
            """,
            ("$count", n));
        transaction.Commit();
    }
    var neighbours = new PerceptualHashNeighbours();
    neighbours.NeighboursOf(db, "owner", "asset-0000000"); // warm-up
    const int Runs = 20;
    var timer = Stopwatch.StartNew();
    for (var i = 0; i < Runs; i++)
    {
        neighbours.NeighboursOf(db, "owner", $"asset-{i * (n / Runs):D7}");
    }
    var indexMs = timer.Elapsed.TotalMilliseconds / Runs;
    timer.Restart();
    var scanFound = 0;
    for (var i = 0; i < Runs; i++)
    {
        var hash = DuplicateStore.HashOf(db, $"asset-{i * (n / Runs):D7}")!.Value;
        scanFound += db.Query("SELECT id, phash FROM assets WHERE owner_id = 'owner' AND phash IS NOT NULL AND deleted_at IS NULL;", r => (r.GetString(0), r.GetInt64(1)))
            .Count(row => PerceptualHash.SamePicture(hash, unchecked((ulong)row.Item2)));
    }
    var scanMs = timer.Elapsed.TotalMilliseconds / Runs;
    GC.KeepAlive(scanFound);
    scan.Add((n, indexMs, scanMs));
}
Directory.Delete(work, recursive: true);

// Report.
Console.WriteLine($"## Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, libvips {VipsLibrary.LoadedVersion}");
Console.WriteLine();
Console.WriteLine($"Hashing from stored previews (1440 px JPEG, shrink-on-load to 256, 32 × 32 grey, DCT): {originals.Count} photos in {hashSeconds:F2} s = **{originals.Count / hashSeconds:F0} photos/s** on one thread ({1000 * hashSeconds / originals.Count:F1} ms each).");
Console.WriteLine($"{originals.Count(o => o.Value is null)} of them flat (no hash).");
Console.WriteLine();
Console.WriteLine("Neighbour look-up (one owner's random hashes in a migrated PiVault database, mean of 20 look-ups, wall clock): `PerceptualHashNeighbours` " +
    "(multi-index hashing: four indexed 16-bit bands, 4 × 137 band values within 2 bits, then the full distance) against a scan of the owner's hashes:");
Console.WriteLine();
Console.WriteLine("| stored hashes | index, ms per new photo | scan, ms per new photo | scan / index |");
Console.WriteLine("|---:|---:|---:|---:|");
foreach (var (n, indexMs, scanMs) in scan)
{
    Console.WriteLine($"| {n:N0} | {indexMs:F2} | {scanMs:F2} | {scanMs / indexMs:F0}× |");
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
