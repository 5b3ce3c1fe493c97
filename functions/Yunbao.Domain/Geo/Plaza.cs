using System.Reflection;
using System.Text.Json;
using Yunbao.Contracts.Geo;

namespace Yunbao.Domain.Geo;

/// <summary>An open public space off the street (metro exits, squares): vending and parking rules apply there too.</summary>
public sealed class Plaza
{
    private readonly PlanePoint[] _ring;

    public Plaza(string id, string nameZh, string nameEn, string kind, IReadOnlyList<GeoPoint> polygon, LocalProjection projection)
    {
        Id = id; NameZh = nameZh; NameEn = nameEn; Kind = kind; Polygon = polygon;
        _ring = polygon.Select(projection.ToPlane).ToArray();
        Centroid = projection.ToGeo(new PlanePoint(_ring.Distinct().Average(p => p.X), _ring.Distinct().Average(p => p.Y)));
        _projection = projection;
    }

    private readonly LocalProjection _projection;
    public string Id { get; }
    public string NameZh { get; }
    public string NameEn { get; }
    /// <summary>"metro-exit", "plaza", "park".</summary>
    public string Kind { get; }
    public IReadOnlyList<GeoPoint> Polygon { get; }
    public GeoPoint Centroid { get; }

    /// <summary>Even-odd ray casting in the local plane.</summary>
    public bool Contains(GeoPoint p)
    {
        var q = _projection.ToPlane(p);
        var inside = false;
        for (int i = 0, j = _ring.Length - 1; i < _ring.Length; j = i++)
        {
            var a = _ring[i];
            var b = _ring[j];
            if ((a.Y > q.Y) != (b.Y > q.Y) && q.X < (b.X - a.X) * (q.Y - a.Y) / (b.Y - a.Y) + a.X) inside = !inside;
        }
        return inside;
    }
}
