namespace HomeUniteUs.Grains.Interfaces.Access;

/// <summary>
/// The one place an email is normalized. Invariant 2 (one account per email) depends on every caller keying a
/// person by <see cref="Key"/>: the identity grain's key, the Cognito username and the Google sign-in all use it.
/// </summary>
public static class Emails
{
    /// <summary>The key of the person with this email: trimmed, lower-case (moto compares usernames case-sensitively, people do not).</summary>
    public static string Key(string email) => email.Trim().ToLowerInvariant();

    /// <summary>The email as the store keeps and shows it: trimmed, its case as the person wrote it.</summary>
    public static string AsWritten(string email) => email.Trim();
}
