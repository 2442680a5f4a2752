using PiVault.Server.Http;

namespace PiVault.Server.Features.Users;

/// <summary>The one place that says what a valid email, name and password are.</summary>
public static class AccountRules
{
    public const int MinPasswordLength = 8;

    /// <summary>Caps the PBKDF2 input so a huge "password" cannot be used to burn CPU.</summary>
    public const int MaxPasswordLength = 1024;

    public static string Email(string? value)
    {
        var email = value?.Trim() ?? "";
        var at = email.IndexOf('@', StringComparison.Ordinal);
        if (email.Length is 0 or > 254 || at <= 0 || at == email.Length - 1 || email.Any(char.IsWhiteSpace))
        {
            throw ApiException.BadRequest("Enter a valid email address, like name@example.com.");
        }
        return email;
    }

    public static string Name(string? value, string fallback)
    {
        var name = string.IsNullOrWhiteSpace(value) ? fallback : value.Trim();
        return name.Length <= 100 ? name : throw ApiException.BadRequest("The name can be at most 100 characters long.");
    }

    public static string Password(string? value)
    {
        if (value is null || value.Length < MinPasswordLength)
        {
            throw ApiException.BadRequest($"The password must be at least {MinPasswordLength} characters long.");
        }
        return value.Length <= MaxPasswordLength
            ? value
            : throw ApiException.BadRequest($"The password can be at most {MaxPasswordLength} characters long.");
    }
}
