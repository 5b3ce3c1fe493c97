using System.Globalization;
using Yunbao.Application;
using Yunbao.Contracts.Geo;
using Yunbao.Domain.Geo;

namespace Yunbao.Functions.Http;

/// <summary>
/// The one place that checks coordinates callers send: finite numbers, and where the route means the district, inside
/// the district's bounds with a small margin (a point) or intersecting them (a bbox).
/// </summary>
public static class DistrictGeo
{
    /// <summary>The district's one margin (<see cref="DistrictOptions.BoundsMarginDegrees"/>), shared with device telemetry.</summary>
    private const double MarginDegrees = DistrictOptions.BoundsMarginDegrees;

    /// <summary>A point inside the district (with the margin); null when absent (and not required) or invalid (an error is added).</summary>
    public static GeoPoint? ParsePoint(double? lon, double? lat, GeoBounds district, Dictionary<string, string[]> errors, bool required)
    {
        if (lon is null && lat is null)
        {
            if (required) { RequestParsing.Add(errors, "lon", "Required."); RequestParsing.Add(errors, "lat", "Required."); }
            return null;
        }
        var ok = true;
        if (lon is not { } x || !double.IsFinite(x) || x < district.West - MarginDegrees || x > district.East + MarginDegrees)
        {
            RequestParsing.Add(errors, "lon", $"Expected a longitude inside the district ({Text(district.West)} to {Text(district.East)} E, ±{Text(MarginDegrees)}°).");
            ok = false;
        }
        if (lat is not { } y || !double.IsFinite(y) || y < district.South - MarginDegrees || y > district.North + MarginDegrees)
        {
            RequestParsing.Add(errors, "lat", $"Expected a latitude inside the district ({Text(district.South)} to {Text(district.North)} N, ±{Text(MarginDegrees)}°).");
            ok = false;
        }
        return ok ? new GeoPoint(lon!.Value, lat!.Value) : null;
    }

    /// <summary>"west,south,east,north": four finite degrees, west &lt;= east, south &lt;= north, intersecting the district.</summary>
    public static GeoBounds? ParseBbox(string text, GeoBounds district, Dictionary<string, string[]> errors)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new double[4];
        if (parts.Length != 4 || !parts.Select((p, i) => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) && double.IsFinite(values[i])).All(b => b)
            || values[0] is < -180 or > 180 || values[2] is < -180 or > 180 || values[1] is < -90 or > 90 || values[3] is < -90 or > 90
            || values[0] > values[2] || values[1] > values[3])
        {
            RequestParsing.Add(errors, "bbox", "Expected west,south,east,north as four finite degrees, west <= east and south <= north.");
            return null;
        }
        if (values[2] < district.West || values[0] > district.East || values[3] < district.South || values[1] > district.North)
        {
            RequestParsing.Add(errors, "bbox", $"The box does not intersect the district ({Text(district.West)},{Text(district.South)},{Text(district.East)},{Text(district.North)}).");
            return null;
        }
        return new GeoBounds(values[0], values[1], values[2], values[3]);
    }

    private static string Text(double d) => d.ToString(CultureInfo.InvariantCulture);
}
