namespace PiVault.Server.Features.Offsite;

/// <summary>An off-site run or restore that cannot go on; the message is a sentence for the admin (never a credential).</summary>
public class OffsiteException(string message) : Exception(message);

/// <summary>The copy on the remote does not match the staged backup; the named files were removed there so the next run uploads them again.</summary>
public sealed class OffsiteVerificationException(string message) : OffsiteException(message);
