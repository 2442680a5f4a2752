using System.Security.Cryptography;
using System.Text;
using Microsoft.ML.OnnxRuntime;

namespace PiVault.Ml.Sessions;

/// <summary>
/// Makes ONNX Runtime CPU sessions for a small board: intra-op threads from the governor, one inter-op thread
/// (sequential execution) that sleep rather than spin between parallel sections, a CPU memory arena per session (it
/// keeps the session's peak activations until the idle unload disposes the session; without it glibc handed the large
/// buffers back after each run and the next run page-faulted them in again: a third of the OCR step's CPU), no memory
/// patterns (a planned block per input shape, which the arena kept: the server's ML pass peaked 50–110 MiB higher with
/// them, at the same speed), every graph optimisation (docs/adr/0019-onnx-runtime-sessions.md). The optimised graph is saved under the cache folder, keyed by the model
/// file's path, size, modification time and the ORT version, so a replaced model is optimised again. The cache is only
/// an optimisation: any trouble with it falls back to the model file.
/// </summary>
internal sealed class SessionFactory(SessionSettings settings)
{
    public InferenceSession Create(string modelPath)
    {
        var cached = CachePath(modelPath);
        if (cached is not null && !File.Exists(cached))
        {
            Optimise(modelPath, cached);
        }
        if (cached is not null && File.Exists(cached))
        {
            try
            {
                return Open(cached, GraphOptimizationLevel.ORT_ENABLE_ALL, saveTo: null);
            }
            catch (OnnxRuntimeException)
            {
                TryDelete(cached); // a stale or damaged cache entry: the model itself is loaded below
            }
        }
        return Open(modelPath, GraphOptimizationLevel.ORT_ENABLE_ALL, saveTo: null);
    }

    /// <summary>
    /// Saves the graph with the portable optimisations (level "extended": fusions, constant folding); the layout ones of
    /// level "all" are CPU-specific, so they are redone at each load, which is quick. ORT writes the file while it makes
    /// the session; the rename makes a half-written cache entry impossible. A model that fails here fails again in
    /// <see cref="Create"/>, where the error is reported.
    /// </summary>
    private void Optimise(string modelPath, string cached)
    {
        var temp = $"{cached}.{Environment.ProcessId}.{Environment.CurrentManagedThreadId}.tmp";
        try
        {
            using (Open(modelPath, GraphOptimizationLevel.ORT_ENABLE_EXTENDED, saveTo: temp))
            {
            }
            TryRename(temp, cached);
        }
        catch (OnnxRuntimeException)
        {
        }
        finally
        {
            TryDelete(temp);
        }
    }

    private InferenceSession Open(string path, GraphOptimizationLevel level, string? saveTo)
    {
        using var options = new SessionOptions
        {
            IntraOpNumThreads = Math.Max(1, settings.IntraOpThreads()),
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            EnableCpuMemArena = true,
            EnableMemoryPattern = false,
            GraphOptimizationLevel = level,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        // Intra-op threads sleep between parallel sections instead of spinning: the board runs three ML queues, the
        // thumbnails and the requests at once, and a spinning thread takes a core from them (measured with the arena in
        // bench/results/ml.md, "2026-12-07 evening: session settings": at 2 threads OCR −45 % CPU, CLIP −25 %, wall equal or better).
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        if (saveTo is not null)
        {
            // This session only writes the optimised graph (the packing is not saved): packed copies of the weights would
            // be made and thrown away, CLIP's first load peaked at 1,100 instead of 775 MiB (bench/results/ml.md).
            options.AddSessionConfigEntry("session.disable_prepacking", "1");
            options.OptimizedModelFilePath = saveTo;
        }
        return new InferenceSession(path, options);
    }

    private string? CachePath(string modelPath)
    {
        if (settings.CacheDir is null)
        {
            return null;
        }
        try
        {
            Directory.CreateDirectory(settings.CacheDir);
            var file = new FileInfo(modelPath);
            var key = $"{file.FullName}|{file.Length}|{file.LastWriteTimeUtc.Ticks}|{OrtEnv.Instance().GetVersionString()}";
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16];
            return Path.Combine(settings.CacheDir, $"{Path.GetFileNameWithoutExtension(modelPath)}.{hash}.ort.onnx");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // an unwritable cache only costs the optimiser's time at each load
        }
    }

    private static void TryRename(string from, string to)
    {
        try
        {
            if (File.Exists(from))
            {
                File.Move(from, to, overwrite: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
