using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using PiVault.Ml.Models;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Ml;

/// <summary>The model library against the real YuNet face detector and real ONNX Runtime: lazy load, idle unload, errors.</summary>
public sealed class ModelLibraryTests : IDisposable
{
    private readonly string root = TempDir.Create();
    private readonly TimerTime time = new(new DateTimeOffset(2026, 12, 6, 8, 0, 0, TimeSpan.Zero));

    public void Dispose() => TempDir.Delete(root);

    /// <summary>One YuNet pass over a blank 64x64 image: the number of stride-8 anchors (8x8 = 64).</summary>
    private static int Stride8Anchors(InferenceSession session, RunOptions options)
    {
        var input = new DenseTensor<float>(new[] { 1, 3, 64, 64 });
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(session.InputMetadata.Keys.Single(), input)], session.OutputNames, options);
        return results.Single(r => r.Name == "cls_8").AsTensor<float>().Dimensions[1];
    }

    [Fact]
    public void A_stop_terminates_a_running_inference_which_ends_in_OperationCanceledException()
    {
        MlTestModels.InstallYuNet(root);
        using var library = MlTestModels.Library(root, time);
        using var stop = new CancellationTokenSource();

        // The stop arrives while the inference is under way: ONNX Runtime sees the terminate flag and gives up.
        var error = Assert.Throws<OperationCanceledException>(() => library.Run(MlTestModels.YuNet, (s, o) =>
        {
            stop.Cancel();
            return Stride8Anchors(s, o);
        }, stop.Token));

        Assert.Equal(stop.Token, error.CancellationToken);
        Assert.Contains("terminate", error.InnerException?.Message ?? "", StringComparison.OrdinalIgnoreCase);
        Assert.Throws<OperationCanceledException>(() => library.Run(MlTestModels.YuNet, Stride8Anchors, stop.Token));
        Assert.Equal(64, library.Run(MlTestModels.YuNet, Stride8Anchors)); // the session itself still works
    }

    [Fact]
    public void Loads_on_first_run_unloads_after_idle_time_and_loads_again_on_next_use()
    {
        MlTestModels.InstallYuNet(root);
        using var library = MlTestModels.Library(root, time, idle: TimeSpan.FromMinutes(5), cache: Path.Combine(root, "cache"));

        Assert.True(library.Availability("YuNet").Available);
        Assert.Equal(0, library.LoadedSessions);
        Assert.Equal(64, library.Run(MlTestModels.YuNet, Stride8Anchors));
        Assert.Equal(1, library.LoadedSessions);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(root, "cache"), "*.ort.onnx"));

        time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(1, library.LoadedSessions);
        time.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(0, library.LoadedSessions);

        Assert.Equal(64, library.Run(MlTestModels.YuNet, Stride8Anchors)); // from the optimised cache this time
        Assert.Equal(1, library.LoadedSessions);
    }

    [Fact]
    public void A_session_in_use_is_never_unloaded_and_concurrent_runs_share_it()
    {
        MlTestModels.InstallYuNet(root);
        using var library = MlTestModels.Library(root, time, idle: TimeSpan.FromMinutes(1));
        var sessions = new System.Collections.Concurrent.ConcurrentBag<InferenceSession>();
        Parallel.For(0, 4, _ => library.Run(MlTestModels.YuNet, (s, o) => { sessions.Add(s); return Stride8Anchors(s, o); }));
        Assert.Single(sessions.Distinct());

        var unloadedWhileRunning = library.Run(MlTestModels.YuNet, (_, _) =>
        {
            time.Advance(TimeSpan.FromMinutes(10));
            return library.UnloadIdle();
        });
        Assert.Equal(0, unloadedWhileRunning);
        Assert.Equal(1, library.LoadedSessions);
    }

    [Fact]
    public void A_missing_model_is_off_with_a_reason_and_running_it_throws_model_unavailable()
    {
        using var library = MlTestModels.Library(root, time);

        var availability = library.Availability("YuNet");

        Assert.False(availability.Available);
        Assert.Contains("not installed", availability.Reason);
        Assert.Contains("pivault models pull YuNet", availability.Reason);
        Assert.False(library.Availability("no-such-model").Available);
        var error = Assert.Throws<ModelUnavailableException>(() => library.Run(MlTestModels.YuNet, Stride8Anchors));
        Assert.Equal("YuNet", error.Model);
    }

    [Fact]
    public void A_corrupt_model_file_throws_model_unavailable_turns_the_model_off_and_leaves_the_others_working()
    {
        var manifest = MlTestModels.Manifest with
        {
            Models = [.. MlTestModels.Manifest.Models, new ModelEntry("Broken", ModelTasks.FaceDetection, [new ModelFile("model.onnx")], "test")],
        };
        Directory.CreateDirectory(Path.Combine(root, "Broken"));
        File.WriteAllBytes(Path.Combine(root, "Broken", "model.onnx"), [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919))]);
        MlTestModels.InstallYuNet(root);
        using var library = new ModelLibrary(manifest, new ModelFolders([root]),
            new PiVault.Ml.Sessions.SessionSettings(() => 1, TimeSpan.FromMinutes(5), null), time);
        Assert.True(library.Availability("Broken").Available); // present and not pinned: only loading can tell

        var error = Assert.Throws<ModelUnavailableException>(() => library.Run(new ModelPart("Broken", "model.onnx"), Stride8Anchors));

        Assert.Contains("could not be loaded", error.Reason);
        var off = library.Availability("Broken");
        Assert.False(off.Available);
        Assert.Equal(error.Reason, off.Reason);
        Assert.Equal(64, library.Run(MlTestModels.YuNet, Stride8Anchors));
    }

    [Fact]
    public void A_changed_byte_in_a_pinned_model_turns_it_off_before_any_load()
    {
        var path = MlTestModels.InstallYuNet(root);
        using var library = MlTestModels.Library(root, time);
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(path, bytes);

        var availability = library.Availability("YuNet");

        Assert.False(availability.Available);
        Assert.Contains("SHA-256", availability.Reason);
        Assert.Throws<ModelUnavailableException>(() => library.Run(MlTestModels.YuNet, Stride8Anchors));
    }
}
