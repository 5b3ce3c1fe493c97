namespace Yunbao.Functions.Http;

/// <summary>
/// Stored ETags are opaque: quoted on Azure Cosmos DB, a bare GUID on the local stand-in. HTTP wants
/// a quoted entity tag, so the API always quotes and compares without quotes.
/// </summary>
public static class ETags
{
    public static string ToHeader(string etag) => "\"" + Bare(etag) + "\"";

    public static bool Matches(string ifMatch, string? stored) =>
        stored is not null && ifMatch.Split(',').Select(v => v.Trim()).Any(v => v == "*" || Bare(v) == Bare(stored));

    private static string Bare(string etag)
    {
        var v = etag.Trim();
        if (v.StartsWith("W/", StringComparison.Ordinal)) v = v[2..];
        return v.Trim('"');
    }
}
