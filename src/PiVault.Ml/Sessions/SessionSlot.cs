using Microsoft.ML.OnnxRuntime;

namespace PiVault.Ml.Sessions;

/// <summary>
/// One model file's session: loaded on the first run (concurrent first runs wait for the one load), shared by concurrent
/// runs, and disposed by <see cref="UnloadIfIdle"/> only when nobody is using it and it has been idle long enough.
/// </summary>
internal sealed class SessionSlot(string path, Func<string, InferenceSession> load, TimeProvider time)
{
    private readonly Lock gate = new();
    private InferenceSession? session;
    private int users;
    private DateTimeOffset lastUsed;

    public bool IsLoaded
    {
        get
        {
            lock (gate)
            {
                return session is not null;
            }
        }
    }

    public T Run<T>(Func<InferenceSession, T> inference)
    {
        InferenceSession current;
        lock (gate)
        {
            current = session ??= load(path);
            users++;
        }
        try
        {
            return inference(current);
        }
        finally
        {
            lock (gate)
            {
                users--;
                lastUsed = time.GetUtcNow();
            }
        }
    }

    /// <summary>Disposes the session when it is loaded, unused and idle for <paramref name="idle"/>; true when it did.</summary>
    public bool UnloadIfIdle(TimeSpan idle)
    {
        lock (gate)
        {
            if (session is null || users > 0 || time.GetUtcNow() - lastUsed < idle)
            {
                return false;
            }
            session.Dispose();
            session = null;
            return true;
        }
    }
}
