using System.Diagnostics;
using PiVault.Native.Vips;
using PiVault.Tests.Infrastructure;

// One case per process, so VmHWM (peak RSS) is this decode's alone:
//   bomb-budget     the 17000×17000 interlaced 16-bit RGBA PNG of issue 07 under this machine's decode budget
//   bomb-unbounded  the same with no budget (what the server did before): the full decode
//   streamed        the same pixels, not interlaced, under this machine's budget
var which = args[0];
var clock = Stopwatch.StartNew();
var png = PngBomb.Make(17000, 17000, bitDepth: 16, interlaced: which != "streamed");
var made = clock.Elapsed;
var budget = which == "bomb-unbounded" ? new DecodeMemoryBudget(long.MaxValue) : DecodeMemoryBudget.ForThisMachine();
var rssBefore = Hwm();
clock.Restart();
string outcome;
try
{
    var set = new VipsThumbnailer(budget: budget).Generate(png, new ThumbnailSpec());
    outcome = $"decoded: preview {set.PreviewWidth}×{set.PreviewHeight}";
}
catch (MediaDecodeException e)
{
    outcome = "refused: " + e.Message;
}
Console.WriteLine($"| {which} | {png.Length / 1024} KB | {budget.TotalBytes / (1024 * 1024)} MB | {clock.Elapsed.TotalSeconds:F1} s | {rssBefore / 1024} MB | **{Hwm() / 1024} MB** | {outcome} |");
Console.Error.WriteLine($"(bomb made in {made.TotalSeconds:F1} s)");

static long Hwm() => long.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1],
    System.Globalization.CultureInfo.InvariantCulture);
