using System.Diagnostics;
using PiVault.Server.Data;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.People;
using PiVault.Server.Pipeline;

namespace PiVault.Bench.Ml;

/// <summary>
/// Clustering time of the people step (bench/faces/cluster.sh): N planted 512-d face embeddings of one owner in a
/// migrated PiVault database (sqlite-vec's <c>face_search</c>), the server's own <see cref="PeopleJob"/>,
/// <see cref="FaceClustering"/> and <see cref="PeopleUpkeep"/>. The library: N/33 identities whose face counts follow
/// a long tail (Zipf, exponent 1) plus 15 % one-off strangers; each face is its identity plus Gaussian noise of a
/// per-face strength that puts two faces of one person 0.2–0.45 apart (cosine); three photos in four hold one face,
/// the rest two; photos arrive in random order. (a) the people step over the photos in arrival order, or over the
/// last SAMPLE faces' photos when the earlier ones were planted already clustered (their planted identity as the
/// person, what a finished first pass leaves), (b) the full re-cluster (skipped when SAMPLE is set), (c) peak RSS,
/// and the pairwise precision and recall of the result against the planted identities.
/// </summary>
public static class ClusteringBench
{
    private const string Owner = "bench-owner";
    private const int Dimensions = 512;

    public static void Run(int count, int sample)
    {
        if (!SqliteVec.Available)
        {
            throw new InvalidOperationException($"sqlite-vec is not available: {SqliteVec.Reason}");
        }
        var file = Path.Combine(Path.GetTempPath(), $"pivault-cluster-bench-{count}-{Environment.ProcessId}.db");
        try
        {
            Measure(file, count, sample);
        }
        finally
        {
            foreach (var f in new[] { file, file + "-wal", file + "-shm" }) { File.Delete(f); }
        }
    }

    private static void Measure(string file, int count, int sample)
    {
        var library = PlantedLibrary.Make(count, new Random(count));
        var database = new Database(file);
        var time = TimeProvider.System;
        var (faces, people, index) = (new FaceStore(), new PersonStore(), new FaceIndex());
        var clustering = new FaceClustering(faces, people, index, time);
        var job = new PeopleJob(database, new AssetStore(JobSteps.Production), faces, index, clustering, time);
        var upkeep = new PeopleUpkeep(database, faces, people, index, clustering, time);
        var measured = sample > 0 ? Math.Min(sample, count) : count;
        var firstMeasured = library.FirstPhotoOfLastFaces(measured);
        library.Store(database, firstMeasured);
        var rssBefore = Rss.NowMiB;
        var (cpu, wall) = (CpuClock.ThreadSeconds, Stopwatch.StartNew());
        if (sample > 0)
        {
            // The in-memory copy of the faces clustered so far is read in on the first query; a running server keeps it.
            using var db = database.Open();
            index.Nearest(db, Owner, VectorTable.Blob(library.Embedding[0]), 1, ClusteringRules.Default.MaxDistance);
            Console.WriteLine($"| {count:N0} | read the {count - measured:N0} clustered faces into memory (once) | | | {CpuClock.ThreadSeconds - cpu:F1} s | " +
                $"{wall.Elapsed.TotalSeconds:F1} s | | | | {Rss.NowMiB:F0} MiB (from {rssBefore:F0}) |");
            rssBefore = Rss.NowMiB;
        }

        (cpu, wall) = (CpuClock.ThreadSeconds, Stopwatch.StartNew());
        for (var p = firstMeasured; p < library.Photos.Count; p++)
        {
            job.RunAsync(PlantedLibrary.AssetId(p), CancellationToken.None).GetAwaiter().GetResult();
        }
        var stepCpu = CpuClock.ThreadSeconds - cpu;
        var stepWall = wall.Elapsed.TotalSeconds;
        var (precision, recall, persons) = library.PairwiseQuality(database);
        var what = sample > 0 ? $"last {measured:N0} faces arriving into {count - measured:N0} clustered" : $"all {count:N0} faces";
        Console.WriteLine($"| {count:N0} | people step, {what} | {stepCpu * 1000 / measured:F1} ms | {stepWall * 1000 / measured:F1} ms | " +
            $"{stepCpu:F0} s | {stepWall:F0} s | {precision:F3} | {recall:F3} | {persons:N0} | {Rss.PeakMiB:F0} MiB (from {rssBefore:F0}) |");
        if (sample > 0)
        {
            return;
        }
        (cpu, wall) = (CpuClock.ThreadSeconds, Stopwatch.StartNew());
        upkeep.Recluster(Owner, CancellationToken.None);
        var reCpu = CpuClock.ThreadSeconds - cpu;
        var reWall = wall.Elapsed.TotalSeconds;
        (precision, recall, persons) = library.PairwiseQuality(database);
        Console.WriteLine($"| {count:N0} | full re-cluster of all {count:N0} faces | {reCpu * 1000 / count:F1} ms | {reWall * 1000 / count:F1} ms | " +
            $"{reCpu:F0} s | {reWall:F0} s | {precision:F3} | {recall:F3} | {persons:N0} | {Rss.PeakMiB:F0} MiB |");
    }

    /// <summary>The planted library: each face's identity (-1 for a one-off stranger) and embedding, grouped into photos in arrival order.</summary>
    private sealed class PlantedLibrary
    {
        public List<int> Identity { get; } = [];

        public List<float[]> Embedding { get; } = [];

        /// <summary>Each photo's faces (indexes into the lists above), in arrival order.</summary>
        public List<int[]> Photos { get; } = [];

        public static string AssetId(int photo) => $"asset-{photo:D7}";

        public static PlantedLibrary Make(int count, Random random)
        {
            var library = new PlantedLibrary();
            var strangers = (int)(count * 0.15);
            var identities = Math.Max(1, count / 33);
            var centres = Enumerable.Range(0, identities).Select(_ => Unit(random, null, 1)).ToArray();
            var weights = Enumerable.Range(1, identities).Select(r => 1.0 / r).ToArray();
            var total = weights.Sum();
            var order = new List<int>();
            for (var i = 0; i < count - strangers; i++)
            {
                var pick = random.NextDouble() * total;
                var who = 0;
                while (who < identities - 1 && (pick -= weights[who]) > 0) { who++; }
                order.Add(who);
            }
            order.AddRange(Enumerable.Repeat(-1, strangers));
            random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(order));
            foreach (var who in order)
            {
                library.Identity.Add(who);
                // 512·σ² between 0.25 and 0.82: two faces of one person 0.2–0.45 apart.
                var sigma = Math.Sqrt((0.25 + (random.NextDouble() * 0.57)) / Dimensions);
                library.Embedding.Add(who < 0 ? Unit(random, null, 1) : Unit(random, centres[who], sigma));
            }
            for (var f = 0; f < count;)
            {
                var n = f + 1 < count && random.Next(4) == 0 ? 2 : 1;
                library.Photos.Add(Enumerable.Range(f, n).ToArray());
                f += n;
            }
            return library;
        }

        /// <summary>The first photo holding one of the last <paramref name="faces"/> faces.</summary>
        public int FirstPhotoOfLastFaces(int faces) =>
            Photos.FindIndex(p => p[^1] >= Identity.Count - faces);

        /// <summary>Stores every photo and face; the faces of photos before <paramref name="firstMeasured"/> with their planted person (identities of 3+ faces) and people_at stamped.</summary>
        public void Store(Database database, int firstMeasured)
        {
            database.Initialize();
            using (var db = database.Open(Durability.Relaxed))
            {
                new FaceIndex().Prepare(db, Dimensions);
                using var transaction = db.BeginTransaction();
                db.Execute("INSERT INTO users (id, email, name, password_hash, created_at, updated_at) VALUES ($id, 'bench@example.com', 'Bench', 'x', 0, 0);", ("$id", Owner));
                var now = DateTimeOffset.UnixEpoch;
                var before = Photos.Take(firstMeasured).SelectMany(p => p).ToList();
                var persons = before.Select(f => Identity[f]).Where(i => i >= 0).GroupBy(i => i).Where(g => g.Count() >= 3)
                    .ToDictionary(g => g.Key, g => $"person-{g.Key:D6}");
                foreach (var id in persons.Values)
                {
                    new PersonStore().Insert(db, new PersonRecord(id, Owner, "", null, false, false, null, null, now, now, 0));
                }
                for (var p = 0; p < Photos.Count; p++)
                {
                    db.Execute(
                        """
                        INSERT INTO assets (id, owner_id, checksum, type, original_path, original_file_name, mime_type, file_size, file_created_at,
                            file_modified_at, taken_at, created_at, updated_at, width, height, faces_at, people_at)
                        VALUES ($id, $owner, randomblob(20), 'image', $path, $name, 'image/jpeg', 3000000, 0, 0, $p, 0, 0, 4032, 3024, 1, $people);
                        """,
                        ("$id", AssetId(p)), ("$owner", Owner), ("$path", $"seed/{p:D7}.jpg"), ("$name", $"{p:D7}.jpg"), ("$p", p),
                        ("$people", p < firstMeasured ? 1 : null));
                    foreach (var (f, i) in Photos[p].Select((f, i) => (f, i)))
                    {
                        var person = p < firstMeasured && persons.TryGetValue(Identity[f], out var known) ? known : null;
                        new FaceStore().Insert(db, new FaceRecord(0, $"face-{f:D7}", AssetId(p), Owner, person, 1440, 1080, 100 + (i * 200), 100,
                            250 + (i * 200), 300, 0.9, FaceRecord.MachineLearning, VectorTable.Blob(Embedding[f]), "planted", now, now, 0));
                    }
                }
                db.Execute("UPDATE people SET cover_face_id = (SELECT min(id) FROM asset_faces f WHERE f.person_id = people.id);");
                transaction.Commit();
            }
            using (var db = database.Open(Durability.Relaxed))
            {
                db.Execute(
                    $"""
                    INSERT INTO {FaceIndex.Table} (rowid, owner_id, embedding)
                    SELECT f.seq, f.owner_id, f.embedding FROM asset_faces f JOIN assets a ON a.id = f.asset_id WHERE a.people_at IS NOT NULL;
                    """);
            }
        }

        /// <summary>Pairwise precision and recall of the stored people against the planted identities (unassigned faces and strangers count as alone), and how many people there are.</summary>
        public (double Precision, double Recall, int People) PairwiseQuality(Database database)
        {
            using var db = database.Open();
            var assigned = db.Query("SELECT id, person_id FROM asset_faces WHERE person_id IS NOT NULL;",
                r => (Face: int.Parse(r.GetString(0)[5..], System.Globalization.CultureInfo.InvariantCulture), Person: r.GetString(1)));
            static double Pairs(IEnumerable<int> sizes) => sizes.Sum(n => n * (n - 1) / 2.0);
            var together = Pairs(assigned.Where(a => Identity[a.Face] >= 0).GroupBy(a => (a.Person, Identity[a.Face])).Select(g => g.Count()));
            var predicted = Pairs(assigned.GroupBy(a => a.Person).Select(g => g.Count()));
            var truth = Pairs(Identity.Where(i => i >= 0).GroupBy(i => i).Select(g => g.Count()));
            return (predicted == 0 ? 1 : together / predicted, together / truth, assigned.Select(a => a.Person).Distinct().Count());
        }

        private static float[] Unit(Random random, float[]? centre, double sigma)
        {
            var v = new float[Dimensions];
            for (var i = 0; i < v.Length; i++)
            {
                var g = Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
                v[i] = (float)((centre?[i] ?? 0) + (sigma * g));
            }
            var norm = (float)Math.Sqrt(v.Sum(x => (double)x * x));
            return v.Select(x => x / norm).ToArray();
        }
    }
}
