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

    public static ApiException TooManyRequests(string detail, int retryAfterSeconds) =>
        new(429, "Too many requests", detail) { RetryAfterSeconds = retryAfterSeconds };
}
