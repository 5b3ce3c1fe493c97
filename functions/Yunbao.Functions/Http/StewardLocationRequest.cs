using Microsoft.AspNetCore.Http;
using Yunbao.Application;
using Yunbao.Contracts.Geo;

namespace Yunbao.Functions.Http;

/// <summary>Body of POST stewards/{id}/location: a point inside the district.</summary>
public sealed record StewardLocationRequest(double? Lon, double? Lat, bool? Available)
{
    /// <summary>Reads and validates the body (415, 413, 400 via <see cref="RequestRejectedException"/>).</summary>
    public static async Task<(GeoPoint Where, bool? Available)> ParseAsync(HttpRequest req, DistrictOptions district, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var body = await RequestParsing.ReadJsonAsync<StewardLocationRequest>(req, errors, ct);
        var where = body is null ? null : DistrictGeo.ParsePoint(body.Lon, body.Lat, district.Bounds, errors, required: true);
        if (errors.Count > 0 || where is null) throw RequestRejectedException.Invalid(errors);
        return (where.Value, body!.Available);
    }
}
