using System.Text.RegularExpressions;

namespace HomeUniteUs.Grains.Interfaces.Validation;

/// <summary>The one email rule and the one text rule, shared by request validation in the gateway and intake answers in the grains.</summary>
public static partial class TextRules
{
    public const int MaxEmailLength = 254;

    /// <summary>A local part without spaces or @, then a dotted host name whose last label is letters.</summary>
    public static bool IsEmail(string text) => text.Length <= MaxEmailLength && !HasControlCharacters(text) && EmailPattern().IsMatch(text);

    /// <summary>
    /// Whether <paramref name="text"/> has more than <paramref name="max"/> characters, counted as Unicode code points
    /// (as the FastAPI service's Pydantic counted them): a character outside the Basic Multilingual Plane, an emoji say,
    /// is one character, not the two UTF-16 units of a .NET string.
    /// </summary>
    public static bool IsLongerThan(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length > max && text.EnumerateRunes().Count() > max; // never more code points than UTF-16 units
    }

    /// <summary>Line breaks and tabs are text; other control characters (NUL included) are not.</summary>
    public static bool HasControlCharacters(string text) => text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'));

    [GeneratedRegex(@"^[^@\s]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();
}
