using System.Text.Json;
using Yunbao.Contracts;
using Yunbao.Contracts.Geo;
using Yunbao.Domain.Geo;

namespace Yunbao.Functions.Http;

/// <summary>
/// The district's streets, plazas and intersections as a GeoJSON FeatureCollection (RFC 7946, lon/lat): the console's
/// base map when no raster base map is configured, so nothing outside the API is needed to see the district.
/// </summary>
public static class DistrictMap
{
    public static byte[] GeoJson(StreetNetwork network, string districtName)
    {
        static double[] P(GeoPoint p) => [p.Lon, p.Lat];
        var features = new List<object>();
        foreach (var p in network.Plazas)
            features.Add(Feature("plaza", p.Id, p.NameZh, p.NameEn, new { type = "Polygon", coordinates = new[] { p.Polygon.Select(P).ToArray() } }, new { p.Kind }));
        foreach (var s in network.Streets)
            features.Add(Feature("street", s.Id, s.NameZh, s.NameEn, new { type = "LineString", coordinates = s.Path.Points.Select(P).ToArray() },
                new { s.RoadClass, widthMeters = s.CarriagewayWidthMeters + 2 * s.SidewalkWidthMeters, noParking = s.NoParking.Count > 0 }));
        foreach (var i in network.Intersections)
            features.Add(Feature("intersection", i.Id, i.NameZh, i.NameEn, new { type = "Point", coordinates = P(i.Location) }, new { i.FixedCamera }));
        var b = network.Bounds;
        return JsonSerializer.SerializeToUtf8Bytes(new
        {
            type = "FeatureCollection",
            bbox = new[] { b.West, b.South, b.East, b.North },
            name = districtName,
            districtId = network.DistrictId,
            note = "Synthetic street layout for simulation, not survey data.",
            features,
        }, YunbaoJson.Options);
    }

    private static object Feature(string kind, string id, string nameZh, string nameEn, object geometry, object extra) => new
    {
        type = "Feature",
        id,
        geometry,
        properties = new { kind, nameZh, nameEn, extra },
    };
}
