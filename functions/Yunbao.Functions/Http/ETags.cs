using Yunbao.Application.Ports;

namespace Yunbao.Functions.Http;

/// <summary>HTTP wants a quoted entity tag, so the API always quotes; comparing is <see cref="EntityTags"/>' job.</summary>
public static class ETags
{
    public static string ToHeader(string etag) => "\"" + EntityTags.Bare(etag) + "\"";

    public static bool Matches(string ifMatch, string? stored) => EntityTags.Matches(ifMatch, stored);
}
