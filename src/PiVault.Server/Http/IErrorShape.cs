namespace PiVault.Server.Http;

/// <summary>
/// How a group of endpoints words its errors, carried as endpoint metadata by the group that owns the wording (the
/// Immich adapter does, <c>Features/Immich/ImmichErrors</c>). Endpoints without one answer RFC 9457 problem details.
/// </summary>
public interface IErrorShape
{
    /// <param name="detail">Already cleared of server folders (<see cref="ServerPathRedaction"/>).</param>
    IResult Error(HttpContext context, int status, string title, string detail);
}
