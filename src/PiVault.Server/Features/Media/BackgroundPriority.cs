using System.Diagnostics;

namespace PiVault.Server.Features.Media;

/// <summary>
/// The CPU priority of the work the job queues do in the background: libvips' worker threads (decoding and encoding
/// thumbnails) and the ffmpeg/ffprobe processes (video posters and playback copies) run at nice 10, so answering an
/// upload, serving the timeline or a websocket takes a core the moment it needs one (the kernel gives a nice-0 task
/// about nine times the CPU of a nice-10 one), while a backlog still fills every core that would otherwise sit idle.
/// This replaces running fewer thumbnail workers while uploads arrive (docs/adr/0010).
/// </summary>
public static class BackgroundPriority
{
    public const int Nice = 10;

    /// <summary>The process priority class that is nice 10 on Linux.</summary>
    public const ProcessPriorityClass ToolProcesses = ProcessPriorityClass.BelowNormal;
}
