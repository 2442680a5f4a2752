using PiVault.Server.Features.Auth;
using PiVault.Server.Http;

namespace PiVault.Server.Features.People;

/// <summary>Another person and how far their faces are from this person's (cosine distance of the centroids; null: no machine faces to compare).</summary>
public sealed record MergeSuggestion(PersonSummary Person, double? Distance, bool Likely);

public sealed partial class PeopleService
{
    /// <summary>How many of a person's best faces make their centroid: enough to average out pose and light, bounded work.</summary>
    public const int FacesPerCentroid = 24;

    /// <summary>
    /// Centroids closer than this are offered as "probably the same person". Two clusters of one person that DBSCAN kept
    /// apart (a child grown up, glasses) sit around the clustering distance; strangers are far beyond it.
    /// </summary>
    public const double LikelySameDistance = 0.6;

    /// <summary>How many of the caller's people are compared at most (the most photographed first).</summary>
    public const int MaxSuggestionCandidates = 5000;

    /// <summary>
    /// "Is this the same person?": the caller's other listed people (not hidden), those whose faces look most like this
    /// person's first, the likely ones flagged; people without machine faces (tagged by hand only) last, in list order.
    /// </summary>
    public List<MergeSuggestion> MergeSuggestions(Caller caller, string id)
    {
        using var db = database.Open();
        var person = people.Find(db, caller.UserId, id) ?? throw ApiException.NotFound(NoPerson);
        // Small unnamed clusters (below the people page's face floor) are offered too: they are what a merge is for.
        var others = people.List(db, caller.UserId, withHidden: false, minFaces: 1, 0, MaxSuggestionCandidates)
            .Where(p => p.Person.Id != person.Id).ToList();
        var centroids = faces.Centroids(db, caller.UserId, FacesPerCentroid);
        var mine = centroids.GetValueOrDefault(person.Id);
        return others
            .Select((p, order) => (Order: order, Distance: Distance(mine, centroids.GetValueOrDefault(p.Person.Id)), Person: p))
            .OrderBy(s => s.Distance ?? double.MaxValue).ThenBy(s => s.Order)
            .Select(s => new MergeSuggestion(s.Person, s.Distance, s.Distance <= LikelySameDistance))
            .ToList();
    }

    private static double? Distance(float[]? a, float[]? b)
    {
        if (a is null || b is null || a.Length != b.Length)
        {
            return null;
        }
        var dot = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
        }
        return Math.Round(1 - dot, 4);
    }
}
