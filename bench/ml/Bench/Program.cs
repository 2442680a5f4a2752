// ML benchmarks (bench/ml/run.sh drives them; results in bench/results/ml.md). Each command prints Markdown lines.
//   pivault-ml-bench vector N QUERIES          smart-search latency and recall over N stored 512-d embeddings (AssetStore.Nearest)
//   pivault-ml-bench previews LIST OUTDIR      each photo's preview as the thumbnail step writes it (1440 px JPEG)
//   pivault-ml-bench clip LIST WORK THREADS    CLIP image embeddings of the previews with a full-size ViT-B/32 graph
//   pivault-ml-bench memory LIST WORK IDLE_S   RSS: nothing loaded, OCR + CLIP loaded and run, after the idle unload
//   pivault-ml-bench clip-folder WORK          writes WORK/models/ViT-B-32__openai (the full-size graph) for a server to load
//   pivault-ml-bench faces LIST WORK THREADS yunet|buffalo   detect + align + embed per photo (bench/faces/run.sh)
//   pivault-ml-bench cluster N SAMPLE          the people step and re-cluster over N planted faces (bench/faces/cluster.sh)
//   pivault-ml-bench anchor LIST THREADS REPEATS  the work public benchmarks timed on a real Pi 4, here (bench/faces/anchor.sh)
using System.Globalization;
using PiVault.Bench.Ml;
using PiVault.Native.Vips;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
if (!VipsLibrary.TryInitialize(new VipsSettings(Concurrency: 1), out var vipsError))
{
    Console.Error.WriteLine(vipsError);
    return 1;
}
int Int(int i) => int.Parse(args[i], CultureInfo.InvariantCulture);
string[] List(int i) => File.ReadAllLines(args[i]).Where(l => l.Length > 0).ToArray();
switch (args)
{
    case ["vector", _, _]:
        VectorSearchBench.Run(Int(1), Int(2));
        return 0;
    case ["previews", var list, var outDir]:
        var thumbnailer = new VipsThumbnailer();
        foreach (var (photo, i) in List(1).Select((p, i) => (p, i)))
        {
            File.WriteAllBytes(Path.Combine(outDir, $"{i:D3}.jpg"), thumbnailer.Generate(photo, new ThumbnailSpec()).PreviewJpeg);
        }
        return 0;
    case ["clip", _, var work, _]:
        ClipBench.Run(List(1), work, Int(3));
        return 0;
    case ["clip-folder", var work]:
        ClipModelFolder.Ensure(Path.Combine(work, "models"), ClipModelFolder.RepoRoot());
        return 0;
    case ["memory", _, var work, _]:
        MemoryBench.Run(List(1), work, TimeSpan.FromSeconds(Int(3)));
        return 0;
    case ["faces", _, var work, _, var mode]:
        FaceBench.Run(List(1), work, Int(3), mode);
        return 0;
    case ["anchor", _, _, _]:
        PiAnchorBench.Run(List(1), Int(2), Int(3));
        return 0;
    case ["cluster", _, _]:
        ClusteringBench.Run(Int(1), Int(2));
        return 0;
    default:
        Console.Error.WriteLine("usage: pivault-ml-bench vector N QUERIES | previews LIST OUTDIR | clip LIST WORK THREADS | memory LIST WORK IDLE_SECONDS | clip-folder WORK | faces LIST WORK THREADS yunet|buffalo | cluster N SAMPLE | anchor LIST THREADS REPEATS");
        return 2;
}
