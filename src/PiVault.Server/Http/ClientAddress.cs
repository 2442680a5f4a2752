namespace PiVault.Server.Http;

public static class ClientAddressExtensions
{
    /// <summary>
    /// The client's address, as rate limits count it: the peer's own, or the one a trusted proxy forwarded
    /// (<c>trustedProxies</c>; see <c>ServerApp.ForwardedHeadersFrom</c>). Never a header an untrusted client chose.
    /// </summary>
    public static string ClientAddress(this HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
