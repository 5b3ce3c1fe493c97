namespace Yunbao.Application.Ports;

/// <summary>
/// Stored ETags are opaque: quoted on Azure Cosmos DB, a bare GUID on the local stand-in. Callers may hand over
/// an HTTP If-Match value (quoted, weak, a list, or *), so comparisons ignore the quoting.
/// </summary>
public static class EntityTags
{
    /// <summary>True when <paramref name="ifMatch"/> (an If-Match value or a bare ETag) names the stored ETag.</summary>
    public static bool Matches(string ifMatch, string? stored) =>
        stored is not null && ifMatch.Split(',').Select(v => v.Trim()).Any(v => v == "*" || Bare(v) == Bare(stored));

    /// <summary>The tag without W/ and quotes.</summary>
    public static string Bare(string etag)
    {
        var v = etag.Trim();
        if (v.StartsWith("W/", StringComparison.Ordinal)) v = v[2..];
        return v.Trim('"');
    }
}
