namespace Yunbao.Testing;

/// <summary>Names valid for Cosmos databases, blob containers and queues (lower case, digits, hyphens, 3–63 chars), unique per call.</summary>
public static class UniqueNames
{
    public static string Next(string prefix)
    {
        var clean = new string(prefix.ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c) || c == '-').ToArray()).Trim('-');
        if (clean.Length == 0) clean = "t";
        if (clean.Length > 40) clean = clean[..40];
        return $"{clean}-{Guid.NewGuid():N}"[..Math.Min(63, clean.Length + 1 + 16)];
    }
}
