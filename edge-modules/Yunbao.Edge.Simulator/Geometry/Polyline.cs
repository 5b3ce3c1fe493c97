namespace Yunbao.Edge.Simulator.Geometry;

/// <summary>A polyline in local metres with cumulative lengths, for "where am I after s metres".</summary>
public sealed class Polyline
{
    private readonly double[] _cumulative;

    public Polyline(IReadOnlyList<Vec2> points)
    {
        if (points.Count < 2) throw new ArgumentException("A polyline needs at least two points.", nameof(points));
        Points = points;
        _cumulative = new double[points.Count];
        for (var i = 1; i < points.Count; i++) _cumulative[i] = _cumulative[i - 1] + (points[i] - points[i - 1]).Length;
    }

    public IReadOnlyList<Vec2> Points { get; }
    public double Length => _cumulative[^1];

    /// <summary>The point and travel direction (unit vector) at distance s along the line (clamped to its ends).</summary>
    public (Vec2 Point, Vec2 Direction) At(double s)
    {
        s = Math.Clamp(s, 0, Length);
        var i = Array.BinarySearch(_cumulative, s);
        if (i < 0) i = ~i - 1;
        i = Math.Clamp(i, 0, Points.Count - 2);
        // skip zero-length pieces so the direction is defined
        while (i < Points.Count - 2 && _cumulative[i + 1] - _cumulative[i] < 1e-9) i++;
        var a = Points[i];
        var b = Points[i + 1];
        var seg = _cumulative[i + 1] - _cumulative[i];
        var t = seg < 1e-9 ? 0 : (s - _cumulative[i]) / seg;
        return (a + (b - a) * t, (b - a).Normalized());
    }

    /// <summary>Nearest point on the line: distance along it and the distance away from it.</summary>
    public (double Along, double Distance, Vec2 Point) Project(Vec2 p)
    {
        var best = (Along: 0.0, Distance: double.MaxValue, Point: Points[0]);
        for (var i = 0; i < Points.Count - 1; i++)
        {
            var (t, q) = ProjectOnSegment(p, Points[i], Points[i + 1]);
            var d = (p - q).Length;
            if (d < best.Distance) best = (_cumulative[i] + t * (_cumulative[i + 1] - _cumulative[i]), d, q);
        }
        return best;
    }

    /// <summary>The piece of this line between two distances (in that direction; reversed when from &gt; to).</summary>
    public IReadOnlyList<Vec2> Slice(double from, double to)
    {
        var reverse = from > to;
        var (lo, hi) = reverse ? (to, from) : (from, to);
        var pts = new List<Vec2> { At(lo).Point };
        for (var i = 0; i < Points.Count; i++)
            if (_cumulative[i] > lo + 1e-6 && _cumulative[i] < hi - 1e-6) pts.Add(Points[i]);
        pts.Add(At(hi).Point);
        if (reverse) pts.Reverse();
        return pts;
    }

    public static (double T, Vec2 Point) ProjectOnSegment(Vec2 p, Vec2 a, Vec2 b)
    {
        var ab = b - a;
        var len2 = ab.Dot(ab);
        if (len2 < 1e-12) return (0, a);
        var t = Math.Clamp((p - a).Dot(ab) / len2, 0, 1);
        return (t, a + ab * t);
    }
}
