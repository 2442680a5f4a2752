namespace PiVault.Server.Features.Auth;

public enum CredentialKind
{
    Session,
    ApiKey,
}

/// <summary>Who is making this request and what they may do; resolved once per request by <see cref="CallerMiddleware"/>.</summary>
public sealed record Caller(
    string UserId,
    string Email,
    string Name,
    bool IsAdmin,
    CredentialKind Kind,
    string CredentialId,
    IReadOnlySet<string> Permissions)
{
    public bool Has(string permission)
    {
        if (Permission.IsAdminOnly(permission) && !IsAdmin)
        {
            return false;
        }
        return Kind == CredentialKind.Session || Permissions.Contains(Permission.All) || Permissions.Contains(permission);
    }
}

public static class CallerHttpContextExtensions
{
    private const string ItemKey = "PiVault.Caller";

    public static Caller? FindCaller(this HttpContext context) =>
        context.Items.TryGetValue(ItemKey, out var value) ? value as Caller : null;

    /// <summary>The caller of an endpoint guarded by <see cref="AuthorizationFilters.RequirePermission"/>.</summary>
    public static Caller GetCaller(this HttpContext context) =>
        context.FindCaller() ?? throw new InvalidOperationException("Endpoint is missing RequirePermission().");

    internal static void SetCaller(this HttpContext context, Caller caller) => context.Items[ItemKey] = caller;
}
