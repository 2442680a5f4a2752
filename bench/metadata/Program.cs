using System.Diagnostics;
using System.Globalization;
using PiVault.Server.Features.Metadata;
using PiVault.Tests.Metadata;

// Usage: dotnet run -c Release --project bench/metadata -- <corpus folder> [--misses]
var corpus = Path.GetFullPath(args.Length > 0 ? args[0] : "/work/shared/corpus");
var files = CorpusFiles(corpus);
var reader = new MetadataReader();
var modified = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

var ours = files.ToDictionary(f => Relative(f), f => reader.Read(f, Path.GetFileName(f), modified), StringComparer.Ordinal);
var reference = ExiftoolReference.Run(corpus);
var recall = ExiftoolReference.Compare(reference, ours);
Console.WriteLine(ExiftoolReference.Describe(args.Contains("--misses") ? recall : recall.Select(r => r with { Misses = [] })));
return 0;

string Relative(string file) => Path.GetRelativePath(corpus, file).Replace('\\', '/');

static List<string> CorpusFiles(string folder) =>
    Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
        .Where(f => Path.GetDirectoryName(f) != folder || Path.GetExtension(f) is not (".tsv" or ".md"))
        .Order(StringComparer.Ordinal).ToList();
