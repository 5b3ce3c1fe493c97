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
