using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Yunbao.Contracts.Validation;

/// <summary>
/// The one rule for every id that crosses an edge (route segments, message fields, device and steward ids, district
/// ids): 1–64 characters of ASCII letters, digits, '.', '_' and '-', starting with a letter or digit. Such an id is
/// safe as a Cosmos DB document id, a partition key, a blob path segment and a log field, and can never be "." or "..".
/// Check it before any storage call.
/// </summary>
public static partial class Identifier
{
    public const int MaxLength = 64;

    public const string Pattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$";

    public static bool IsValid([NotNullWhen(true)] string? value) => value is not null && Rule().IsMatch(value);

    /// <summary>Why <paramref name="value"/> is not a valid id, or null when it is; <paramref name="name"/> names the field in the message.</summary>
    public static string? Problem(string? value, string name) => value switch
    {
        null or "" => $"{name} is required.",
        { Length: > MaxLength } => $"{name} is longer than {MaxLength} characters.",
        _ when !Rule().IsMatch(value) => $"{name} may contain only letters, digits, '.', '_' and '-', and must start with a letter or digit.",
        _ => null,
    };

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant)]
    private static partial Regex Rule();
}
