using PiVault.Server.Data;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.People;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.People;

/// <summary>
/// The <c>asset.people</c> step, the nightly pass and the full re-cluster over planted face embeddings (real SQLite with
/// sqlite-vec, the real face index), and the same answers from the exact scan a server without sqlite-vec uses.
/// </summary>
public sealed class FaceClusteringTests
{
    [Fact]
    public async Task Photos_arriving_one_by_one_make_one_person_per_identity_and_outliers_stay_unassigned()
    {
        await using var tier = new ServiceTier();
        var ann = tier.CreateUser("ann");
        var faces = new PlantedFaces(tier);
        var (alice, bob) = (faces.Identity(), faces.Identity());
        var photos = new List<(string Asset, List<string> Faces)>();
        for (var i = 0; i < 4; i++)
        {
            photos.Add(faces.Photo(ann, faces.FaceOf(alice)));
            photos.Add(faces.Photo(ann, faces.FaceOf(bob), faces.FaceOf(alice)));
        }
        var stranger = faces.Photo(ann, faces.Identity());
        var twice = faces.Identity();
        var pair = new[] { faces.Photo(ann, faces.FaceOf(twice)), faces.Photo(ann, faces.FaceOf(twice)) };

        await faces.ClusterAsync(photos.Select(p => p.Asset).Append(stranger.AssetId).Concat(pair.Select(p => p.AssetId)));

        var alicePerson = faces.PersonOf(photos[0].Faces[0]);
        var bobPerson = faces.PersonOf(photos[1].Faces[0]);
        Assert.NotNull(alicePerson);
        Assert.NotNull(bobPerson);
        Assert.NotEqual(alicePerson, bobPerson);
        Assert.All(photos.Where((_, i) => i % 2 == 0), p => Assert.Equal(alicePerson, faces.PersonOf(p.Faces[0])));
        Assert.All(photos.Where((_, i) => i % 2 == 1), p => Assert.Equal(bobPerson, faces.PersonOf(p.Faces[0])));
        Assert.All(photos.Where((_, i) => i % 2 == 1), p => Assert.Equal(alicePerson, faces.PersonOf(p.Faces[1])));
        Assert.Null(faces.PersonOf(stranger.FaceIds[0])); // one face: an outlier
        Assert.All(pair, p => Assert.Null(faces.PersonOf(p.FaceIds[0]))); // two faces: fewer than minFaces, no person
        using var db = tier.Database.Open();
        Assert.Equal(2, db.Scalar<long>("SELECT count(*) FROM people WHERE owner_id = $o;", ("$o", ann.UserId)));
        Assert.Equal(0, db.Scalar<long>("SELECT count(*) FROM assets WHERE faces_at IS NOT NULL AND people_at IS NULL;"));
        var cover = db.Scalar<string>("SELECT cover_face_id FROM people WHERE id = $p;", ("$p", alicePerson));
        Assert.Equal(alicePerson, faces.PersonOf(cover!));
    }

    [Fact]
    public async Task A_third_face_makes_the_person_and_the_nightly_pass_gives_it_faces_the_step_left_unassigned()
    {
        await using var tier = new ServiceTier();
        var ann = tier.CreateUser("ann");
        var faces = new PlantedFaces(tier);
        var carol = faces.Identity();
        var first = faces.Photo(ann, faces.FaceOf(carol));
        await faces.ClusterAsync([first.AssetId]);
        Assert.Null(faces.PersonOf(first.FaceIds[0]));

        // Stored by the face step while the people step did not run (a crash, an older server): only the nightly pass sees them.
        var later = Enumerable.Range(0, 3).Select(_ => faces.Photo(ann, faces.FaceOf(carol))).ToList();
        Assert.Equal(4, tier.Get<PeopleUpkeep>().RunNightly(CancellationToken.None));

        var person = faces.PersonOf(first.FaceIds[0]);
        Assert.NotNull(person);
        Assert.All(later, p => Assert.Equal(person, faces.PersonOf(p.FaceIds[0])));
    }

    [Fact]
    public async Task A_deleted_face_never_comes_back_from_the_index_and_the_nightly_pass_prunes_it()
    {
        await using var tier = new ServiceTier();
        var ann = tier.CreateUser("ann");
        var faces = new PlantedFaces(tier);
        var dan = faces.Identity();
        var photos = Enumerable.Range(0, 3).Select(_ => faces.Photo(ann, faces.FaceOf(dan))).ToList();
        await faces.ClusterAsync(photos.Select(p => p.AssetId));

        using var db = tier.Database.Open();
        tier.Get<AssetStore>().Delete(db, photos[0].AssetId); // the face row cascades away; its vector stays in face_search
        Assert.Equal(3, db.Scalar<long>($"SELECT count(*) FROM {FaceIndex.Table};"));
        var near = tier.Get<FaceIndex>().Nearest(db, ann.UserId, VectorTable.Blob(faces.FaceOf(dan)), 10, 0.5);
        Assert.Equal(2, near.Count);
        Assert.DoesNotContain(near, n => n.FaceId == photos[0].FaceIds[0]);

        tier.Get<PeopleUpkeep>().RunNightly(CancellationToken.None);
        Assert.Equal(2, db.Scalar<long>($"SELECT count(*) FROM {FaceIndex.Table};"));
        var person = faces.PersonOf(photos[1].FaceIds[0])!;
        Assert.Contains(db.Scalar<string>("SELECT cover_face_id FROM people WHERE id = $p;", ("$p", person)), photos.Skip(1).Select(p => p.FaceIds[0]));
    }

    [Fact]
    public async Task A_full_recluster_keeps_named_people_and_rebuilds_the_others()
    {
        await using var tier = new ServiceTier();
        var ann = tier.CreateUser("ann");
        var faces = new PlantedFaces(tier);
        var (erin, finn) = (faces.Identity(), faces.Identity());
        var photos = Enumerable.Range(0, 4).Select(_ => faces.Photo(ann, faces.FaceOf(erin), faces.FaceOf(finn))).ToList();
        await faces.ClusterAsync(photos.Select(p => p.AssetId));
        var named = faces.PersonOf(photos[0].FaceIds[0])!;
        var unnamed = faces.PersonOf(photos[0].FaceIds[1])!;
        using (var db = tier.Database.Open())
        {
            db.Execute("UPDATE people SET name = 'Erin' WHERE id = $p;", ("$p", named));
        }

        tier.Get<PeopleUpkeep>().Recluster(ann.UserId, CancellationToken.None);

        Assert.All(photos, p => Assert.Equal(named, faces.PersonOf(p.FaceIds[0])));
        var rebuilt = faces.PersonOf(photos[0].FaceIds[1]);
        Assert.NotNull(rebuilt);
        Assert.NotEqual(unnamed, rebuilt);
        Assert.All(photos, p => Assert.Equal(rebuilt, faces.PersonOf(p.FaceIds[1])));
        using var check = tier.Database.Open();
        Assert.Equal(2, check.Scalar<long>("SELECT count(*) FROM people;"));
    }

    [Fact]
    public async Task Without_sqlite_vec_the_exact_scan_makes_the_same_people()
    {
        await using var tier = new ServiceTier();
        var ann = tier.CreateUser("ann");
        var faces = new PlantedFaces(tier);
        var identities = Enumerable.Range(0, 3).Select(_ => faces.Identity()).ToList();
        var photos = Enumerable.Range(0, 12).Select(i => faces.Photo(ann, faces.FaceOf(identities[i % 3]))).ToList();
        var scan = new FaceIndex(exactScan: true);
        var clustering = new FaceClustering(tier.Get<FaceStore>(), tier.Get<PersonStore>(), scan, tier.Time);
        var job = new PeopleJob(tier.Database, tier.Get<AssetStore>(), tier.Get<FaceStore>(), scan, clustering, tier.Time);

        foreach (var photo in photos)
        {
            await job.RunAsync(photo.AssetId, CancellationToken.None);
        }

        var people = photos.Select(p => faces.PersonOf(p.FaceIds[0])).ToList();
        Assert.All(people, Assert.NotNull);
        Assert.Equal(3, people.Distinct().Count());
        Assert.All(Enumerable.Range(0, 12), i => Assert.Equal(people[i % 3], people[i]));
        using var db = tier.Database.Open();
        Assert.Equal(0, db.Scalar<long>("SELECT count(*) FROM sqlite_master WHERE name = $t;", ("$t", FaceIndex.Table)));
    }

    [Fact]
    public async Task One_users_faces_never_join_another_users_person()
    {
        await using var tier = new ServiceTier();
        var (ann, bob) = (tier.CreateUser("ann"), tier.CreateUser("bob"));
        var faces = new PlantedFaces(tier);
        var twin = faces.Identity();
        var annPhotos = Enumerable.Range(0, 3).Select(_ => faces.Photo(ann, faces.FaceOf(twin))).ToList();
        var bobPhoto = faces.Photo(bob, faces.FaceOf(twin));
        await faces.ClusterAsync(annPhotos.Select(p => p.AssetId).Append(bobPhoto.AssetId));

        Assert.NotNull(faces.PersonOf(annPhotos[0].FaceIds[0]));
        Assert.Null(faces.PersonOf(bobPhoto.FaceIds[0]));
    }

    [Fact]
    public async Task A_face_never_joins_a_person_born_after_its_photo_and_a_recluster_takes_such_faces_away()
    {
        await using var tier = new ServiceTier();
        var ann = tier.CreateUser("ann");
        var faces = new PlantedFaces(tier);
        var kid = faces.Identity();
        var vectors = Enumerable.Range(0, 4).Select(_ => faces.FaceOf(kid)).ToList();
        var photos = vectors.Select(v => faces.Photo(ann, v)).ToList();
        TakenOn(tier, photos[0].AssetId, "2020-06-01"); // before the birthday set below
        foreach (var later in photos.Skip(1))
        {
            TakenOn(tier, later.AssetId, "2024-06-01");
        }
        await faces.ClusterAsync(photos.Select(p => p.AssetId));
        var person = faces.PersonOf(photos[1].FaceIds[0])!;
        Assert.All(photos, p => Assert.Equal(person, faces.PersonOf(p.FaceIds[0]))); // no birthday yet: one person
        using (var db = tier.Database.Open())
        {
            db.Execute("UPDATE people SET name = 'Kid', birth_date = '2022-03-01' WHERE id = $p;", ("$p", person));
        }

        tier.Get<PeopleUpkeep>().Recluster(ann.UserId, CancellationToken.None);

        Assert.All(photos.Skip(1), p => Assert.Equal(person, faces.PersonOf(p.FaceIds[0])));
        var early = faces.PersonOf(photos[0].FaceIds[0]);
        Assert.NotEqual(person, early); // a new person of its own: the three of the kid around it are core neighbours
        Assert.NotNull(early);

        // Both nearly the kid's face on photos[1]: its person is the nearest, but not for a photo taken before the birthday.
        var before = faces.Photo(ann, faces.FaceOf(vectors[1], noise: 0.001));
        TakenOn(tier, before.AssetId, "2022-02-28");
        var onTheDay = faces.Photo(ann, faces.FaceOf(vectors[1], noise: 0.001));
        TakenOn(tier, onTheDay.AssetId, "2022-03-01");
        await faces.ClusterAsync([before.AssetId, onTheDay.AssetId]);

        Assert.Equal(early, faces.PersonOf(before.FaceIds[0])); // the nearest person who could be in the photo
        Assert.Equal(person, faces.PersonOf(onTheDay.FaceIds[0]));
    }

    [Fact]
    public async Task The_in_memory_index_answers_as_the_exact_scan_does()
    {
        await using var tier = new ServiceTier();
        var ann = tier.CreateUser("ann");
        var faces = new PlantedFaces(tier);
        var identities = Enumerable.Range(0, 6).Select(_ => faces.Identity()).ToList();
        var photos = Enumerable.Range(0, 120).Select(i => faces.Photo(ann, faces.FaceOf(identities[i % 6], noise: 0.05 + (i % 7 * 0.02)))).ToList();
        await faces.ClusterAsync(photos.Select(p => p.AssetId));
        using var db = tier.Database.Open();
        tier.Get<AssetStore>().Delete(db, photos[5].AssetId); // gone from asset_faces, still in face_search and the in-memory copy
        var (index, exact, readIn) = (tier.Get<FaceIndex>(), new FaceIndex(exactScan: true), new FaceIndex()); // readIn: its copy read from the database

        foreach (var (query, k, distance) in new[] { (0, 3, 0.5), (1, 16, 0.5), (2, 40, 0.3), (3, 200, 0.5), (4, 5, 0.05) })
        {
            var probe = VectorTable.Blob(faces.FaceOf(identities[query], noise: 0.1));
            var fromMemory = index.Nearest(db, ann.UserId, probe, k, distance);
            var fromScan = exact.Nearest(db, ann.UserId, probe, k, distance);
            Assert.Equal(fromScan.Select(n => n.FaceId), fromMemory.Select(n => n.FaceId));
            Assert.All(fromScan.Zip(fromMemory), p => Assert.Equal(p.First.Distance, p.Second.Distance, 6));
            Assert.Equal(fromScan.Select(n => n.FaceId), readIn.Nearest(db, ann.UserId, probe, k, distance).Select(n => n.FaceId));
            Assert.Equal(exact.NearestPerson(db, ann.UserId, probe, distance, _ => true), index.NearestPerson(db, ann.UserId, probe, distance, _ => true));
        }
        Assert.True(index.Nearest(db, ann.UserId, VectorTable.Blob(identities[0]), 200, 0.5).Count >= 19);
    }

    private static void TakenOn(ServiceTier tier, string assetId, string day)
    {
        using var db = tier.Database.Open();
        var takenAt = DateTimeOffset.Parse(day + "T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        db.Execute("UPDATE assets SET taken_at = $t WHERE id = $id;", ("$id", assetId), ("$t", takenAt.ToDb()));
    }
}
