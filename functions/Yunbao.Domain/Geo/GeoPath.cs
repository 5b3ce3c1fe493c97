using Yunbao.Contracts.Geo;

namespace Yunbao.Domain.Geo;

/// <summary>
/// A polyline with cumulative lengths in metres, so a simulated vehicle can be placed at "metre 1234 of
/// this route" and a detection can be snapped to "metre 567 of this street".
/// </summary>
public sealed class GeoPath
{
    private readonly PlanePoint[] _plane;
    private readonly double[] _cumulative;

    public GeoPath(IReadOnlyList<GeoPoint> points, LocalProjection projection)
    {
        if (points.Count < 2) throw new ArgumentException("A path needs at least two points.", nameof(points));
        Points = points;
        Projection = projection;
        _plane = points.Select(projection.ToPlane).ToArray();
        _cumulative = new double[_plane.Length];
        for (var i = 1; i < _plane.Length; i++) _cumulative[i] = _cumulative[i - 1] + _plane[i - 1].DistanceTo(_plane[i]);
    }

    public IReadOnlyList<GeoPoint> Points { get; }
    public LocalProjection Projection { get; }
    public double LengthMeters => _cumulative[^1];
    public GeoPoint Start => Points[0];
    public GeoPoint End => Points[^1];

    /// <summary>The point at a distance along the path (clamped to the ends).</summary>
    public GeoPoint PointAt(double distanceMeters) => Projection.ToGeo(PlaneAt(distanceMeters, out _));

    /// <summary>Heading of the path at a distance along it, degrees clockwise from north.</summary>
    public double BearingAt(double distanceMeters)
    {
        PlaneAt(distanceMeters, out var seg);
        return LocalProjection.Bearing(_plane[seg], _plane[seg + 1]);
    }

    /// <summary>The point at a distance along the path, moved sideways (positive = right of travel).</summary>
    public GeoPoint PointBeside(double distanceMeters, double rightOffsetMeters) =>
        Projection.Offset(PointAt(distanceMeters), BearingAt(distanceMeters) + 90, rightOffsetMeters);

    /// <summary>Nearest point on the path to <paramref name="p"/>.</summary>
    public PathPosition Locate(GeoPoint p)
    {
        var q = Projection.ToPlane(p);
        var best = new PathPosition(default, 0, double.MaxValue, 0);
        for (var i = 0; i < _plane.Length - 1; i++)
        {
            var (foot, t) = Foot(_plane[i], _plane[i + 1], q);
            var d = foot.DistanceTo(q);
            if (d < best.OffsetMeters)
            {
                var along = _cumulative[i] + t * (_cumulative[i + 1] - _cumulative[i]);
                best = new PathPosition(Projection.ToGeo(foot), along, d, LocalProjection.Bearing(_plane[i], _plane[i + 1]));
            }
        }
        return best;
    }

    /// <summary>The part of the path between two distances (reversed when from &gt; to).</summary>
    public IReadOnlyList<GeoPoint> Slice(double fromMeters, double toMeters)
    {
        var reverse = fromMeters > toMeters;
        var (a, b) = reverse ? (toMeters, fromMeters) : (fromMeters, toMeters);
        a = Math.Clamp(a, 0, LengthMeters);
        b = Math.Clamp(b, 0, LengthMeters);
        var result = new List<GeoPoint> { PointAt(a) };
        for (var i = 0; i < Points.Count; i++)
            if (_cumulative[i] > a && _cumulative[i] < b) result.Add(Points[i]);
        result.Add(PointAt(b));
        if (reverse) result.Reverse();
        return result;
    }

    /// <summary>Length in metres of any polyline under a projection.</summary>
    public static double LengthOf(IReadOnlyList<GeoPoint> points, LocalProjection projection)
    {
        var sum = 0.0;
        for (var i = 1; i < points.Count; i++) sum += projection.Distance(points[i - 1], points[i]);
        return sum;
    }

    private PlanePoint PlaneAt(double distanceMeters, out int segment)
    {
        var d = Math.Clamp(distanceMeters, 0, LengthMeters);
        var i = Array.BinarySearch(_cumulative, d);
        if (i < 0) i = ~i - 1;
        segment = Math.Clamp(i, 0, _plane.Length - 2);
        var segLen = _cumulative[segment + 1] - _cumulative[segment];
        var t = segLen <= 0 ? 0 : (d - _cumulative[segment]) / segLen;
        var a = _plane[segment];
        var b = _plane[segment + 1];
        return new PlanePoint(a.X + t * (b.X - a.X), a.Y + t * (b.Y - a.Y));
    }

    internal static (PlanePoint Foot, double T) Foot(PlanePoint a, PlanePoint b, PlanePoint q)
    {
        var dx = b.X - a.X;
        var dy = b.Y - a.Y;
        var len2 = dx * dx + dy * dy;
        var t = len2 == 0 ? 0 : Math.Clamp(((q.X - a.X) * dx + (q.Y - a.Y) * dy) / len2, 0, 1);
        return (new PlanePoint(a.X + t * dx, a.Y + t * dy), t);
    }
}
