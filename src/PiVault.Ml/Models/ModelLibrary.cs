using System.Collections.Concurrent;
using Microsoft.ML.OnnxRuntime;
using PiVault.Ml.Sessions;

namespace PiVault.Ml.Models;

/// <summary>
/// The installed models (<see cref="IModels"/>): finds a model's folder (<see cref="ModelFolders"/>), checks its files
/// against the manifest, loads a session on first use and unloads it after <see cref="SessionSettings.IdleUnload"/>
/// without use, so an idle appliance holds no model memory. A file that failed to load is reported off until it changes.
/// </summary>
public sealed class ModelLibrary : IModels, IDisposable
{
    private readonly ModelManifest manifest;
    private readonly ModelFolders folders;
    private readonly SessionSettings settings;
    private readonly TimeProvider time;
    private readonly SessionFactory factory;
    private readonly FileIntegrity integrity = new();
    private readonly ConcurrentDictionary<string, SessionSlot> slots = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (FileStamp? Stamp, string Reason)> loadFailures = new(StringComparer.Ordinal);
    private readonly Lock timerGate = new();
    private ITimer? idleTimer;

    public ModelLibrary(ModelManifest manifest, ModelFolders folders, SessionSettings settings, TimeProvider time)
    {
        this.manifest = manifest;
        this.folders = folders;
        this.settings = settings;
        this.time = time;
        factory = new SessionFactory(settings);
    }

    public ModelManifest Manifest => manifest;

    public ModelFolders Folders => folders;

    /// <summary>How many sessions are in memory now (the health page and the tests read it).</summary>
    public int LoadedSessions => slots.Values.Count(s => s.IsLoaded);

    public ModelAvailability Availability(string model)
    {
        if (manifest.Find(model) is not { } entry)
        {
            return ModelAvailability.Off($"{model} is not a model this version of PiVault knows");
        }
        if (folders.Locate(entry) is not { } folder)
        {
            var missing = folders.Missing(entry);
            return ModelAvailability.Off($"not installed ({string.Join(", ", missing)} missing): run 'pivault models pull {model}' " +
                "or 'pivault models install DIR'");
        }
        try
        {
            foreach (var file in entry.Files)
            {
                var path = Path.Combine(folder, file.Path);
                if (integrity.Problem(path, file) is { } problem)
                {
                    return ModelAvailability.Off($"{problem}: reinstall with 'pivault models pull {model}'");
                }
                if (loadFailures.TryGetValue(path, out var failure) && failure.Stamp == FileStamp.Of(path))
                {
                    return ModelAvailability.Off(failure.Reason);
                }
            }
            return ModelAvailability.Ready;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ModelAvailability.Off($"its files in {folder} cannot be read: {e.Message}");
        }
    }

    public string PathOf(ModelPart part)
    {
        var entry = manifest.Find(part.Model)
            ?? throw new ModelUnavailableException(part.Model, "not a model this version of PiVault knows");
        if (!entry.Files.Any(f => string.Equals(f.Path, part.File, StringComparison.Ordinal)))
        {
            throw new ModelUnavailableException(part.Model, $"{part.File} is not one of its files in the manifest");
        }
        var availability = Availability(part.Model);
        return availability.Available && folders.Locate(entry) is { } folder
            ? Path.Combine(folder, part.File)
            : throw new ModelUnavailableException(part.Model, availability.Reason ?? "not installed");
    }

    public T Run<T>(ModelPart part, Func<InferenceSession, RunOptions, T> inference, CancellationToken cancel = default)
    {
        cancel.ThrowIfCancellationRequested();
        var path = PathOf(part);
        var slot = slots.GetOrAdd(path, p => new SessionSlot(p, file => Load(part, file), time));
        using var options = new RunOptions();
        using var terminate = cancel.Register(() => options.Terminate = true);
        try
        {
            return slot.Run(session => inference(session, options));
        }
        catch (Exception e) when (cancel.IsCancellationRequested && e is not OperationCanceledException)
        {
            throw new OperationCanceledException($"{part.Model}: the inference was stopped.", e, cancel);
        }
        catch (Exception e) when (ModelErrors.InferenceFailed(part, e) is var mapped && !ReferenceEquals(mapped, e))
        {
            throw mapped;
        }
    }

    /// <summary>Disposes every session idle for the configured time; the idle timer calls this. Returns how many it unloaded.</summary>
    public int UnloadIdle()
    {
        var unloaded = slots.Values.Count(slot => slot.UnloadIfIdle(settings.IdleUnload));
        if (unloaded > 0)
        {
            ProcessHeap.ReturnToSystem();
        }
        return unloaded;
    }

    private InferenceSession Load(ModelPart part, string path)
    {
        try
        {
            var session = factory.Create(path);
            loadFailures.TryRemove(path, out _);
            StartIdleTimer();
            return session;
        }
        catch (Exception e) when (e is OnnxRuntimeException or IOException or UnauthorizedAccessException or DllNotFoundException
            or TypeInitializationException or EntryPointNotFoundException or BadImageFormatException)
        {
            var error = ModelErrors.LoadFailed(part, e);
            loadFailures[path] = (FileStamp.Of(path), error.Reason);
            throw error;
        }
    }

    private void StartIdleTimer()
    {
        lock (timerGate)
        {
            // Checking at a quarter of the idle time unloads a session at most 25 % later than its idle limit.
            var period = settings.IdleUnload / 4 > TimeSpan.Zero ? settings.IdleUnload / 4 : TimeSpan.FromSeconds(1);
            idleTimer ??= time.CreateTimer(_ => UnloadIdle(), null, period, period);
        }
    }

    public void Dispose()
    {
        lock (timerGate)
        {
            idleTimer?.Dispose();
            idleTimer = null;
        }
        foreach (var slot in slots.Values)
        {
            slot.UnloadIfIdle(TimeSpan.MinValue);
        }
    }
}
