using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace PiVault.Server.Data;

/// <summary>
/// The in-memory <see cref="CompactVectors"/> of each (database, owner), for an index that keeps its coarse pass in memory
/// (smart search's <see cref="EmbeddingIndex"/>, the faces' index). A copy of another dimension means the table was made
/// again for another model: it is replaced. Thread-safe.
/// </summary>
public sealed class CompactVectorCache
{
    private readonly ConcurrentDictionary<(string Database, string Owner), CompactVectors> _copies = new();

    /// <summary>The owner's copy in this database, made empty (to be loaded) when there is none of this dimension.</summary>
    public CompactVectors Of(SqliteConnection db, string ownerId, int dimensions)
    {
        var key = (db.DataSource, ownerId);
        while (true)
        {
            var copy = _copies.GetOrAdd(key, _ => new CompactVectors(dimensions));
            if (copy.Dimensions == dimensions)
            {
                return copy;
            }
            _copies.TryUpdate(key, new CompactVectors(dimensions), copy);
        }
    }

    /// <summary>Drops the database's copies (the table was made again, or rows changed behind them): read in again on next use.</summary>
    public void Forget(SqliteConnection db)
    {
        foreach (var key in _copies.Keys.Where(k => k.Database == db.DataSource))
        {
            _copies.TryRemove(key, out _);
        }
    }
}
