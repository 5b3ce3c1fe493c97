using System.Text.Json.Serialization;
using Yunbao.Contracts.Geo;

namespace Yunbao.Infrastructure.Cosmos;

/// <summary>
/// GeoJSON Point as Cosmos DB's spatial functions (ST_DISTANCE, ST_WITHIN) expect it: coordinates are [lon, lat].
/// Documents also keep plain lon/lat numbers, which range filters and the local server handle everywhere.
/// </summary>
public sealed record GeoJsonPoint
{
    public string Type { get; init; } = "Point";
    public double[] Coordinates { get; init; } = [0, 0];

    public static GeoJsonPoint From(GeoPoint p) => new() { Coordinates = [p.Lon, p.Lat] };
    public GeoPoint ToGeoPoint() => new(Coordinates.Length > 0 ? Coordinates[0] : 0, Coordinates.Length > 1 ? Coordinates[1] : 0);
}

/// <summary>Fields every stored document has: id, the partition key, and the server's concurrency token.</summary>
public abstract record CosmosDocument
{
    public required string Id { get; init; }
    public required string DistrictId { get; init; }
    /// <summary>Set by the server; never written by us (null is omitted on write).</summary>
    [JsonPropertyName("_etag")]
    public string? ETag { get; init; }
}

internal static class CosmosTime
{
    /// <summary>Times are compared as Unix milliseconds: text comparison of ISO strings breaks across offsets.</summary>
    public static long Ms(DateTimeOffset t) => t.ToUnixTimeMilliseconds();
}
