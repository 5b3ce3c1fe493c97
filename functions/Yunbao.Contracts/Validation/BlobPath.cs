namespace Yunbao.Contracts.Validation;

/// <summary>
/// The one rule for blob names that arrive in messages (Event Grid subjects and urls): a relative path of at most
/// <see cref="MaxLength"/> characters and <see cref="MaxSegments"/> segments, each segment an <see cref="Identifier"/>.
/// So a name can never hold '.', '..' or empty segments, a leading '/', a backslash or a percent-escape (which could
/// decode to any of those), and it never leaves its container. Check it before any storage call.
/// </summary>
public static class BlobPath
{
    public const int MaxLength = 1024;
    public const int MaxSegments = 16;

    /// <summary>Why <paramref name="name"/> is not a safe blob name, or null when it is.</summary>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name)) return "blob name is empty";
        if (name.Length > MaxLength) return $"blob name is longer than {MaxLength} characters";
        if (name.Contains('\\', StringComparison.Ordinal)) return "blob name contains a backslash";
        if (name.Contains('%', StringComparison.Ordinal)) return "blob name contains a percent-escape";
        var segments = name.Split('/');
        if (segments.Length > MaxSegments) return $"blob name has more than {MaxSegments} segments";
        foreach (var segment in segments)
        {
            if (segment is "" or "." or "..") return $"blob name has a '{segment}' segment (empty, '.' and '..' are refused)";
            if (!Identifier.IsValid(segment)) return $"blob name segment '{Truncate(segment)}' is not letters, digits, '.', '_' and '-' (1-{Identifier.MaxLength}, starting with a letter or digit)";
        }
        return null;
    }

    public static bool IsValid(string? name) => Problem(name) is null;

    private static string Truncate(string s) => s.Length <= Identifier.MaxLength ? s : s[..Identifier.MaxLength] + "…";
}
