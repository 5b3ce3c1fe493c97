using Yunbao.Contracts.Geo;

namespace Yunbao.Domain.Geo;

/// <summary>
/// Junctions (street crossings and street ends touching another street) as nodes, street stretches
/// between them as edges; Dijkstra for routes. Built once per network; ~100 nodes for Lize.
/// </summary>
internal sealed class RoadGraph
{
    private const double EndSnapMeters = 20;
    private const double MergeMeters = 3;

    private readonly StreetNetwork _network;
    private readonly List<PlanePoint> _nodes = [];
    private readonly Dictionary<Street, List<(double Along, int Node)>> _stops = [];
    private readonly List<List<Edge>> _edges = [];

    private readonly record struct Edge(int From, int To, Street Street, double FromAlong, double ToAlong)
    {
        public double Cost => Math.Abs(ToAlong - FromAlong);
    }

    public RoadGraph(StreetNetwork network)
    {
        _network = network;
        var proj = network.Projection;
        foreach (var s in network.Streets) _stops[s] = [];

        var streets = network.Streets;
        for (var i = 0; i < streets.Count; i++)
        for (var j = i + 1; j < streets.Count; j++)
        {
            var a = streets[i];
            var b = streets[j];
            foreach (var crossing in Crossings(a.Path, b.Path, proj))
            {
                var g = proj.ToGeo(crossing);
                AddJunction(crossing, (a, a.Path.Locate(g).DistanceAlongMeters), (b, b.Path.Locate(g).DistanceAlongMeters));
            }
        }
        // T-junctions whose end stops just short of (or just past) the other street's centreline.
        foreach (var a in streets)
        foreach (var (end, along) in new[] { (a.Path.Start, 0.0), (a.Path.End, a.LengthMeters) })
        foreach (var b in streets)
        {
            if (ReferenceEquals(a, b)) continue;
            var pos = b.Path.Locate(end);
            if (pos.OffsetMeters <= EndSnapMeters) AddJunction(proj.ToPlane(pos.Point), (a, along), (b, pos.DistanceAlongMeters));
        }
        foreach (var s in streets)
        {
            AddJunction(proj.ToPlane(s.Path.Start), (s, 0));
            AddJunction(proj.ToPlane(s.Path.End), (s, s.LengthMeters));
        }

        foreach (var _ in _nodes) _edges.Add([]);
        foreach (var (street, stops) in _stops)
        {
            stops.Sort((x, y) => x.Along.CompareTo(y.Along));
            for (var k = 0; k + 1 < stops.Count; k++)
            {
                var (fa, fn) = stops[k];
                var (ta, tn) = stops[k + 1];
                if (fn == tn) continue;
                _edges[fn].Add(new Edge(fn, tn, street, fa, ta));
                _edges[tn].Add(new Edge(tn, fn, street, ta, fa));
            }
        }
    }

    public int NodeCount => _nodes.Count;

    public double RouteLength(StreetPosition from, StreetPosition to) => Solve(from, to).Length;

    public GeoPath Route(StreetPosition from, StreetPosition to)
    {
        var (_, edges, firstAlong, lastAlong) = Solve(from, to);
        var points = new List<GeoPoint>();
        if (edges is null)
        {
            StreetNetwork.Append(points, from.Street.Path.Slice(from.DistanceAlongMeters, to.DistanceAlongMeters));
        }
        else
        {
            StreetNetwork.Append(points, from.Street.Path.Slice(from.DistanceAlongMeters, firstAlong));
            foreach (var e in edges) StreetNetwork.Append(points, e.Street.Path.Slice(e.FromAlong, e.ToAlong));
            StreetNetwork.Append(points, to.Street.Path.Slice(lastAlong, to.DistanceAlongMeters));
        }
        if (points.Count < 2) points.Add(points.Count == 0 ? from.Point : points[0]);
        return new GeoPath(points, _network.Projection);
    }

    /// <summary>Edges null = stay on the same street. firstAlong: where the route leaves the start street; lastAlong: where it joins the end street.</summary>
    private (double Length, List<Edge>? Edges, double FirstAlong, double LastAlong) Solve(StreetPosition from, StreetPosition to)
    {
        var direct = ReferenceEquals(from.Street, to.Street) ? Math.Abs(from.DistanceAlongMeters - to.DistanceAlongMeters) : double.PositiveInfinity;

        var dist = new double[_nodes.Count];
        var prev = new Edge?[_nodes.Count];
        var startAlong = new double[_nodes.Count];
        Array.Fill(dist, double.PositiveInfinity);
        var queue = new PriorityQueue<int, double>();
        foreach (var (along, node) in Brackets(from))
        {
            var d = Math.Abs(along - from.DistanceAlongMeters);
            if (d < dist[node]) { dist[node] = d; startAlong[node] = along; queue.Enqueue(node, d); }
        }
        var done = new bool[_nodes.Count];
        while (queue.TryDequeue(out var n, out var dn))
        {
            if (done[n] || dn > dist[n]) continue;
            done[n] = true;
            foreach (var e in _edges[n])
            {
                var nd = dn + e.Cost;
                if (nd < dist[e.To]) { dist[e.To] = nd; prev[e.To] = e; startAlong[e.To] = startAlong[n]; queue.Enqueue(e.To, nd); }
            }
        }

        var best = double.PositiveInfinity;
        var bestNode = -1;
        var bestAlong = 0.0;
        foreach (var (along, node) in Brackets(to))
        {
            var d = dist[node] + Math.Abs(along - to.DistanceAlongMeters);
            if (d < best) { best = d; bestNode = node; bestAlong = along; }
        }
        if (direct <= best) return (direct, null, 0, 0);
        if (bestNode < 0 || double.IsPositiveInfinity(best)) return (double.PositiveInfinity, null, 0, 0);

        var edges = new List<Edge>();
        for (var n = bestNode; prev[n] is { } e; n = e.From) edges.Add(e);
        edges.Reverse();
        return (best, edges, startAlong[bestNode], bestAlong);
    }

    private IEnumerable<(double Along, int Node)> Brackets(StreetPosition p)
    {
        var stops = _stops[p.Street];
        (double, int)? before = null, after = null;
        foreach (var s in stops)
        {
            if (s.Along <= p.DistanceAlongMeters) before = s;
            if (s.Along >= p.DistanceAlongMeters) { after = s; break; }
        }
        if (before is { } b) yield return b;
        if (after is { } a) yield return a;
    }

    private void AddJunction(PlanePoint at, params (Street Street, double Along)[] on)
    {
        var node = _nodes.FindIndex(n => n.DistanceTo(at) <= MergeMeters);
        if (node < 0)
        {
            // An end already registered on this street at the same spot keeps its node.
            foreach (var (street, along) in on)
            foreach (var (a, n) in _stops[street])
                if (Math.Abs(a - along) <= MergeMeters) { node = n; break; }
        }
        if (node < 0) { _nodes.Add(at); node = _nodes.Count - 1; }
        foreach (var (street, along) in on)
            if (!_stops[street].Any(s => s.Node == node)) _stops[street].Add((along, node));
    }

    private static IEnumerable<PlanePoint> Crossings(GeoPath a, GeoPath b, LocalProjection proj)
    {
        var pa = a.Points.Select(proj.ToPlane).ToArray();
        var pb = b.Points.Select(proj.ToPlane).ToArray();
        for (var i = 0; i + 1 < pa.Length; i++)
        for (var j = 0; j + 1 < pb.Length; j++)
        {
            var (p1, p2, p3, p4) = (pa[i], pa[i + 1], pb[j], pb[j + 1]);
            var d = (p2.X - p1.X) * (p4.Y - p3.Y) - (p2.Y - p1.Y) * (p4.X - p3.X);
            if (Math.Abs(d) < 1e-9) continue;
            var t = ((p3.X - p1.X) * (p4.Y - p3.Y) - (p3.Y - p1.Y) * (p4.X - p3.X)) / d;
            var u = ((p3.X - p1.X) * (p2.Y - p1.Y) - (p3.Y - p1.Y) * (p2.X - p1.X)) / d;
            if (t is >= -1e-6 and <= 1 + 1e-6 && u is >= -1e-6 and <= 1 + 1e-6)
                yield return new PlanePoint(p1.X + t * (p2.X - p1.X), p1.Y + t * (p2.Y - p1.Y));
        }
    }
}
