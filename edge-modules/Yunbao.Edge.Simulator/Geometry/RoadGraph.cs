using Yunbao.Domain.Geo;

namespace Yunbao.Edge.Simulator.Geometry;

/// <summary>A street as the simulator needs it: a name, a centre line and the carriageway width.</summary>
public sealed record StreetLine(string Name, IReadOnlyList<GeoPoint> Points, double WidthMeters = 14);

/// <summary>
/// One drivable piece of street between two junctions. Connector edges join parts of the network that
/// share no junction (a gap in the map): the car may drive them, but they are not street to cover.
/// </summary>
public sealed record RoadEdge(int Index, int From, int To, string StreetName, double WidthMeters, Polyline Line, bool IsConnector)
{
    public double Length => Line.Length;
    public int Other(int node) => node == From ? To : From;
}

/// <summary>Where a point lies on the network.</summary>
public readonly record struct EdgePosition(int Edge, double Along, Vec2 Point, double Distance);

/// <summary>
/// The street network as an undirected graph of junctions and edges in local metres. Streets are split
/// where they cross and where one ends on another (a T junction within <see cref="SnapMeters"/>), so a
/// route can turn at every real junction.
/// </summary>
public sealed class RoadGraph
{
    public const double SnapMeters = 12;
    private const double MergeMeters = 3;

    private readonly List<Vec2> _nodes = [];
    private readonly List<RoadEdge> _edges = [];
    private readonly List<List<int>> _adjacency = [];

    public RoadGraph(LocalFrame frame, IEnumerable<StreetLine> streets)
    {
        Frame = frame;
        var lines = streets.Where(s => s.Points.Count >= 2)
            .Select(s => (s.Name, s.WidthMeters, Line: new Polyline(s.Points.Select(frame.ToLocal).ToList())))
            .Where(l => l.Line.Length > 1)
            .ToList();
        if (lines.Count == 0) throw new ArgumentException("The street network has no streets.", nameof(streets));
        Build(lines);
        ConnectComponents();
    }

    public LocalFrame Frame { get; }
    public IReadOnlyList<Vec2> Nodes => _nodes;
    public IReadOnlyList<RoadEdge> Edges => _edges;
    public IEnumerable<int> EdgesAt(int node) => _adjacency[node];
    /// <summary>Total length of real street (connectors excluded).</summary>
    public double StreetLength => _edges.Where(e => !e.IsConnector).Sum(e => e.Length);

    public int Degree(int node) => _adjacency[node].Count;

    public EdgePosition Snap(Vec2 p, Func<RoadEdge, bool>? filter = null)
    {
        var best = new EdgePosition(-1, 0, p, double.MaxValue);
        foreach (var e in _edges)
        {
            if (e.IsConnector || (filter is not null && !filter(e))) continue;
            var (along, d, q) = e.Line.Project(p);
            if (d < best.Distance) best = new EdgePosition(e.Index, along, q, d);
        }
        if (best.Edge < 0) throw new InvalidOperationException("No street matches.");
        return best;
    }

    public IEnumerable<RoadEdge> EdgesOfStreet(string name) => _edges.Where(e => !e.IsConnector && e.StreetName == name);

    /// <summary>Shortest distances from a node (Dijkstra).</summary>
    public (double[] Distance, int[] ViaEdge) ShortestFrom(int source)
    {
        var dist = Enumerable.Repeat(double.PositiveInfinity, _nodes.Count).ToArray();
        var via = Enumerable.Repeat(-1, _nodes.Count).ToArray();
        var queue = new PriorityQueue<int, double>();
        dist[source] = 0;
        queue.Enqueue(source, 0);
        while (queue.TryDequeue(out var n, out var d))
        {
            if (d > dist[n]) continue;
            foreach (var ei in _adjacency[n])
            {
                var e = _edges[ei];
                var m = e.Other(n);
                var nd = d + e.Length;
                if (nd < dist[m]) { dist[m] = nd; via[m] = ei; queue.Enqueue(m, nd); }
            }
        }
        return (dist, via);
    }

    /// <summary>The edges of the shortest path from source to target, in travel order.</summary>
    public List<(int Edge, bool Forward)> PathEdges(int source, int target, int[]? viaFromSource = null)
    {
        var via = viaFromSource ?? ShortestFrom(source).ViaEdge;
        var path = new List<(int, bool)>();
        var n = target;
        while (n != source)
        {
            var ei = via[n];
            if (ei < 0) throw new InvalidOperationException($"Node {target} is not reachable from {source}.");
            var e = _edges[ei];
            var prev = e.Other(n);
            path.Add((ei, e.From == prev));
            n = prev;
        }
        path.Reverse();
        return path;
    }

    /// <summary>A walking/driving path along the streets from a to b, as points.</summary>
    public IReadOnlyList<Vec2> Path(Vec2 a, Vec2 b)
    {
        var sa = Snap(a);
        var sb = Snap(b);
        var pts = new List<Vec2> { a };
        if (sa.Edge == sb.Edge)
        {
            pts.AddRange(_edges[sa.Edge].Line.Slice(sa.Along, sb.Along));
            pts.Add(b);
            return pts;
        }
        var ea = _edges[sa.Edge];
        var eb = _edges[sb.Edge];
        var best = (Cost: double.PositiveInfinity, StartNode: -1, EndNode: -1, Via: Array.Empty<int>());
        foreach (var startNode in new[] { ea.From, ea.To })
        {
            var lead = startNode == ea.From ? sa.Along : ea.Length - sa.Along;
            var (dist, via) = ShortestFrom(startNode);
            foreach (var endNode in new[] { eb.From, eb.To })
            {
                var tail = endNode == eb.From ? sb.Along : eb.Length - sb.Along;
                var cost = lead + dist[endNode] + tail;
                if (cost < best.Cost) best = (cost, startNode, endNode, via);
            }
        }
        if (best.StartNode < 0) return [a, b];
        pts.AddRange(ea.Line.Slice(sa.Along, best.StartNode == ea.From ? 0 : ea.Length));
        foreach (var (ei, forward) in PathEdges(best.StartNode, best.EndNode, best.Via))
        {
            var line = _edges[ei].Line;
            pts.AddRange(forward ? line.Points : line.Points.Reverse());
        }
        pts.AddRange(eb.Line.Slice(best.EndNode == eb.From ? 0 : eb.Length, sb.Along));
        pts.Add(b);
        return pts;
    }

    private void Build(List<(string Name, double Width, Polyline Line)> lines)
    {
        // cut points per line: (distance along, point id); point ids are merged with union-find into junctions
        var cuts = lines.Select(_ => new List<(double Along, int Id)>()).ToList();
        var positions = new List<Vec2>();
        var parent = new List<int>();
        int NewPoint(Vec2 p) { positions.Add(p); parent.Add(parent.Count); return parent.Count - 1; }
        int Find(int i) { while (parent[i] != i) { parent[i] = parent[parent[i]]; i = parent[i]; } return i; }
        void Union(int a, int b) { a = Find(a); b = Find(b); if (a != b) parent[Math.Max(a, b)] = Math.Min(a, b); }

        var endIds = new List<(int Start, int End)>();
        for (var li = 0; li < lines.Count; li++)
        {
            var l = lines[li].Line;
            var s = NewPoint(l.Points[0]);
            var e = NewPoint(l.Points[^1]);
            cuts[li].Add((0, s));
            cuts[li].Add((l.Length, e));
            endIds.Add((s, e));
        }

        // crossings
        for (var a = 0; a < lines.Count; a++)
        for (var b = a + 1; b < lines.Count; b++)
        {
            var la = lines[a].Line; var lb = lines[b].Line;
            double ca = 0;
            for (var i = 0; i < la.Points.Count - 1; i++)
            {
                var pa = la.Points[i]; var pa2 = la.Points[i + 1];
                var lenA = (pa2 - pa).Length;
                double cb = 0;
                for (var j = 0; j < lb.Points.Count - 1; j++)
                {
                    var pb = lb.Points[j]; var pb2 = lb.Points[j + 1];
                    var lenB = (pb2 - pb).Length;
                    if (SegmentIntersection(pa, pa2, pb, pb2, out var ta, out var tb))
                    {
                        var id = NewPoint(pa + (pa2 - pa) * ta);
                        cuts[a].Add((ca + ta * lenA, id));
                        cuts[b].Add((cb + tb * lenB, id));
                    }
                    cb += lenB;
                }
                ca += lenA;
            }
        }

        // an end that stops on another street (T junction) or near another end joins it
        for (var a = 0; a < lines.Count; a++)
        {
            foreach (var (endPoint, endId) in new[] { (lines[a].Line.Points[0], endIds[a].Start), (lines[a].Line.Points[^1], endIds[a].End) })
            {
                for (var b = 0; b < lines.Count; b++)
                {
                    if (b == a) continue;
                    var (along, d, q) = lines[b].Line.Project(endPoint);
                    if (d > SnapMeters) continue;
                    var lenB = lines[b].Line.Length;
                    if (along < MergeMeters) Union(endId, endIds[b].Start);
                    else if (along > lenB - MergeMeters) Union(endId, endIds[b].End);
                    else { var id = NewPoint(q); cuts[b].Add((along, id)); Union(endId, id); }
                }
            }
        }

        // cuts close together on one line are one junction
        foreach (var c in cuts)
        {
            c.Sort((x, y) => x.Along.CompareTo(y.Along));
            for (var i = 1; i < c.Count; i++)
                if (c[i].Along - c[i - 1].Along < MergeMeters) Union(c[i].Id, c[i - 1].Id);
        }

        // junction positions: mean of merged points
        var nodeOf = new Dictionary<int, int>();
        var sums = new List<(Vec2 Sum, int Count)>();
        for (var i = 0; i < positions.Count; i++)
        {
            var r = Find(i);
            if (!nodeOf.TryGetValue(r, out var n)) { n = sums.Count; nodeOf[r] = n; sums.Add((new Vec2(0, 0), 0)); }
            sums[n] = (sums[n].Sum + positions[i], sums[n].Count + 1);
        }
        foreach (var (sum, count) in sums) { _nodes.Add(sum * (1.0 / count)); _adjacency.Add([]); }

        for (var li = 0; li < lines.Count; li++)
        {
            var (name, width, line) = lines[li];
            var c = cuts[li];
            var start = 0;
            for (var i = 1; i < c.Count; i++)
            {
                var from = nodeOf[Find(c[start].Id)];
                var to = nodeOf[Find(c[i].Id)];
                // the same junction at both ends of a short piece (merged cuts): extend the piece instead
                if (from == to && c[i].Along - c[start].Along < 4 * MergeMeters) continue;
                var pts = line.Slice(c[start].Along, c[i].Along).ToList();
                pts[0] = _nodes[from];
                pts[^1] = _nodes[to];
                if (pts.Count >= 2 && new Polyline(pts).Length > 0.5) AddEdge(from, to, name, width, new Polyline(pts), false);
                start = i;
            }
        }
    }

    private void AddEdge(int from, int to, string name, double width, Polyline line, bool connector)
    {
        var e = new RoadEdge(_edges.Count, from, to, name, width, line, connector);
        _edges.Add(e);
        _adjacency[from].Add(e.Index);
        _adjacency[to].Add(e.Index);
    }

    private void ConnectComponents()
    {
        while (true)
        {
            var component = Components();
            var count = component.Max() + 1;
            if (count <= 1) return;
            // join component 0 to its nearest other node (repeat until one component)
            var best = (D: double.MaxValue, A: -1, B: -1);
            for (var a = 0; a < _nodes.Count; a++)
            {
                if (component[a] != 0 || _adjacency[a].Count == 0) continue;
                for (var b = 0; b < _nodes.Count; b++)
                {
                    if (component[b] == 0 || _adjacency[b].Count == 0) continue;
                    var d = (_nodes[a] - _nodes[b]).Length;
                    if (d < best.D) best = (d, a, b);
                }
            }
            if (best.A < 0) return;
            AddEdge(best.A, best.B, "(connector)", 7, new Polyline([_nodes[best.A], _nodes[best.B]]), true);
        }
    }

    private int[] Components()
    {
        var comp = Enumerable.Repeat(-1, _nodes.Count).ToArray();
        var next = 0;
        // isolated nodes (no edges) are ignored: give them component 0 so they never drive a connection
        for (var s = 0; s < _nodes.Count; s++)
        {
            if (comp[s] >= 0 || _adjacency[s].Count == 0) continue;
            var stack = new Stack<int>([s]);
            comp[s] = next;
            while (stack.TryPop(out var n))
                foreach (var ei in _adjacency[n])
                {
                    var m = _edges[ei].Other(n);
                    if (comp[m] < 0) { comp[m] = next; stack.Push(m); }
                }
            next++;
        }
        for (var i = 0; i < comp.Length; i++) if (comp[i] < 0) comp[i] = 0;
        return comp;
    }

    private static bool SegmentIntersection(Vec2 p, Vec2 p2, Vec2 q, Vec2 q2, out double t, out double u)
    {
        var r = p2 - p; var s = q2 - q;
        var denom = r.X * s.Y - r.Y * s.X;
        t = u = 0;
        if (Math.Abs(denom) < 1e-9) return false;
        var qp = q - p;
        t = (qp.X * s.Y - qp.Y * s.X) / denom;
        u = (qp.X * r.Y - qp.Y * r.X) / denom;
        return t is >= 0 and <= 1 && u is >= 0 and <= 1;
    }
}
