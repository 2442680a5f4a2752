using PiVault.Server.Storage;

namespace PiVault.Server.Http;

/// <summary>
/// A failure the client can act on. Services throw it; <see cref="ProblemMiddleware"/> turns it into an
/// RFC 9457 problem body with the status code and a plain-language message.
/// </summary>
public sealed class ApiException(int status, string title, string detail) : Exception(detail)
{
    public int Status { get; } = status;

    public string Title { get; } = title;

    /// <summary>Seconds the client should wait (429).</summary>
    public int? RetryAfterSeconds { get; init; }

    public static ApiException BadRequest(string detail) => new(400, "Bad request", detail);

    public static ApiException Unauthorized(string detail) => new(401, "Unauthorized", detail);

    public static ApiException Forbidden(string detail) => new(403, "Forbidden", detail);

    /// <summary>Also used for other users' assets: never 403, which would confirm that the id exists.</summary>
    public static ApiException NotFound(string detail) => new(404, "Not found", detail);

    public static ApiException Conflict(string detail) => new(409, "Conflict", detail);

    public static ApiException TooLarge(string detail) => new(413, "Content too large", detail);

    public static ApiException Unsupported(string detail) => new(415, "Unsupported media type", detail);

    /// <summary>
    /// A disk fault (see <see cref="DiskFaults"/>): 507 Insufficient Storage when the disk is full, 503 with a Retry-After
    /// while it is read-only or missing, since PiVault recovers by itself once the drive is back.
    /// </summary>
    public static ApiException Disk(DiskFaultKind kind) => kind == DiskFaultKind.Full
        ? new(507, "Insufficient storage", DiskFaults.Detail(kind)) { Fault = kind }
        : new(503, "Service unavailable", DiskFaults.Detail(kind)) { Fault = kind, RetryAfterSeconds = 60 };

    /// <summary>Set when the failure is a disk fault, so the health page can name it.</summary>
    public DiskFaultKind? Fault { get; init; }

    public static ApiException TooManyRequests(string detail, int retryAfterSeconds) =>
        new(429, "Too many requests", detail) { RetryAfterSeconds = retryAfterSeconds };
}
