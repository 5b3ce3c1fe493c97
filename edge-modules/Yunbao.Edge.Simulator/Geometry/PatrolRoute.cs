namespace Yunbao.Edge.Simulator.Geometry;

/// <summary>
/// A closed loop that drives every street of the network: a Chinese-postman tour. Junctions of odd degree
/// are paired (greedily, by road distance) and the paths between pairs are driven twice, which makes every
/// degree even; Hierholzer's algorithm then walks an Euler circuit. Greedy pairing is not the optimum, but
/// it keeps the loop within a few tens of percent of the street length, which is all a patrol needs.
/// </summary>
public sealed class PatrolRoute
{
    private readonly double[] _legStart;

    public PatrolRoute(RoadGraph graph)
    {
        Graph = graph;
        Legs = BuildCircuit(graph);
        _legStart = new double[Legs.Count + 1];
        for (var i = 0; i < Legs.Count; i++) _legStart[i + 1] = _legStart[i] + graph.Edges[Legs[i].Edge].Length;
    }

    public RoadGraph Graph { get; }
    /// <summary>The edges in driving order; Forward means From → To.</summary>
    public IReadOnlyList<(int Edge, bool Forward)> Legs { get; }
    public double Length => _legStart[^1];

    /// <summary>Share of the network's street length that the loop drives at least once.</summary>
    public double Coverage => Legs.Select(l => l.Edge).Distinct().Where(e => !Graph.Edges[e].IsConnector).Sum(e => Graph.Edges[e].Length) / Graph.StreetLength;

    /// <summary>Where the car is after driving s metres (wrapping around the loop), its heading and the street's name.</summary>
    public (Vec2 Point, double HeadingDeg, string StreetName) At(double s)
    {
        s %= Length;
        if (s < 0) s += Length;
        var i = Array.BinarySearch(_legStart, s);
        if (i < 0) i = ~i - 1;
        i = Math.Clamp(i, 0, Legs.Count - 1);
        var (ei, forward) = Legs[i];
        var e = Graph.Edges[ei];
        var along = s - _legStart[i];
        var (p, dir) = e.Line.At(forward ? along : e.Length - along);
        if (!forward) dir = dir * -1;
        return (p, dir.BearingDeg(), e.StreetName);
    }

    private static List<(int Edge, bool Forward)> BuildCircuit(RoadGraph g)
    {
        // multigraph: each edge once, plus the duplicated paths between paired odd junctions
        var uses = g.Edges.Select(_ => 1).ToArray();
        var odd = Enumerable.Range(0, g.Nodes.Count).Where(n => g.Degree(n) % 2 == 1).ToList();
        var shortest = odd.ToDictionary(n => n, n => g.ShortestFrom(n));
        var pairs = new List<(double D, int A, int B)>();
        for (var i = 0; i < odd.Count; i++)
        for (var j = i + 1; j < odd.Count; j++)
            pairs.Add((shortest[odd[i]].Distance[odd[j]], odd[i], odd[j]));
        pairs.Sort((x, y) => x.D != y.D ? x.D.CompareTo(y.D) : (x.A, x.B).CompareTo((y.A, y.B)));
        var matched = new HashSet<int>();
        foreach (var (d, a, b) in pairs)
        {
            if (double.IsInfinity(d) || matched.Contains(a) || matched.Contains(b)) continue;
            matched.Add(a); matched.Add(b);
            foreach (var (ei, _) in g.PathEdges(a, b, shortest[a].ViaEdge)) uses[ei]++;
        }

        // Hierholzer on the multigraph
        var remaining = (int[])uses.Clone();
        var cursor = new int[g.Nodes.Count];
        var adjacency = Enumerable.Range(0, g.Nodes.Count).Select(n => g.EdgesAt(n).ToArray()).ToArray();
        var start = Enumerable.Range(0, g.Nodes.Count).First(n => adjacency[n].Length > 0);
        var stack = new Stack<(int Node, int Edge, bool Forward)>();
        stack.Push((start, -1, true));
        var circuit = new List<(int Edge, bool Forward)>();
        while (stack.Count > 0)
        {
            var (node, _, _) = stack.Peek();
            var adj = adjacency[node];
            while (cursor[node] < adj.Length && remaining[adj[cursor[node]]] == 0) cursor[node]++;
            if (cursor[node] == adj.Length)
            {
                var (_, edge, forward) = stack.Pop();
                if (edge >= 0) circuit.Add((edge, forward));
                continue;
            }
            var ei = adj[cursor[node]];
            remaining[ei]--;
            var e = g.Edges[ei];
            stack.Push((e.Other(node), ei, e.From == node));
        }
        circuit.Reverse();
        return circuit;
    }
}
