using System.Security.Cryptography;
using System.Text;

namespace PiVault.Server.Features.Auth;

/// <summary>
/// Random bearer secrets (session tokens, API keys). Only their SHA-256 is stored: a stolen database
/// holds nothing that logs anyone in. SHA-256 suffices because the secrets carry 256 bits of entropy.
/// </summary>
public static class SecretToken
{
    public static string New(string prefix = "") =>
        prefix + Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
