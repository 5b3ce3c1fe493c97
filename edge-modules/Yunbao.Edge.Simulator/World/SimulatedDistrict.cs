using Yunbao.Domain.Catalog;
using Yunbao.Domain.Geo;
using Yunbao.Edge.Simulator.Geometry;

namespace Yunbao.Edge.Simulator.World;

/// <summary>A spot chosen for a violation or a device.</summary>
public readonly record struct Spot(Vec2 Local, GeoPoint Position, string StreetName, ZoneType Zone, double StreetBearingDeg);

/// <summary>
/// The district as the simulation sees it: the street graph, the patrol loop and the places that attract
/// problems. Zones come from the supplied classifier (the district's ZoneMap) when there is one; otherwise
/// from the street geometry (curb lane = roadway, beyond the carriageway = sidewalk).
/// </summary>
public sealed class SimulatedDistrict
{
    private readonly Func<GeoPoint, ZoneType>? _zoneAt;

    public SimulatedDistrict(string districtId, IReadOnlyList<StreetLine> streets, IReadOnlyList<Place> places, Func<GeoPoint, ZoneType>? zoneAt = null)
    {
        if (streets.Count == 0) throw new ArgumentException("No streets.", nameof(streets));
        DistrictId = districtId;
        var all = streets.SelectMany(s => s.Points).ToList();
        Frame = new LocalFrame(new GeoPoint(all.Average(p => p.Lon), all.Average(p => p.Lat)));
        Graph = new RoadGraph(Frame, streets);
        Route = new PatrolRoute(Graph);
        Places = places;
        _zoneAt = zoneAt;
    }

    public string DistrictId { get; }
    public LocalFrame Frame { get; }
    public RoadGraph Graph { get; }
    public PatrolRoute Route { get; }
    public IReadOnlyList<Place> Places { get; }

    public IReadOnlyList<Place> PlacesOf(PlaceKind kind)
    {
        var found = Places.Where(p => p.Kind == kind).ToList();
        return found.Count > 0 ? found : Places;
    }

    /// <summary>The edges of a named street, or of the longest street when the map has no such name.</summary>
    public IReadOnlyList<RoadEdge> StreetEdges(string name)
    {
        var edges = Graph.EdgesOfStreet(name).ToList();
        if (edges.Count > 0) return edges;
        var longest = Graph.Edges.Where(e => !e.IsConnector).GroupBy(e => e.StreetName).MaxBy(g => g.Sum(e => e.Length))!;
        return longest.ToList();
    }

    /// <summary>A spot near an anchor, moved along its street by up to ±spread metres, in the wanted zone.</summary>
    public Spot Near(GeoPoint anchor, double spreadMeters, ZoneType zone, SeededRandom rng)
    {
        var local = Frame.ToLocal(anchor);
        if (zone == ZoneType.Plaza)
        {
            var p = local + new Vec2(rng.Range(-spreadMeters, spreadMeters), rng.Range(-spreadMeters, spreadMeters)) * 0.5;
            var s = Graph.Snap(p);
            var e = Graph.Edges[s.Edge];
            return Settle(p, e.StreetName, zone, e.Line.At(s.Along).Direction.BearingDeg());
        }
        var snap = Graph.Snap(local);
        var edge = Graph.Edges[snap.Edge];
        var along = Math.Clamp(snap.Along + rng.Range(-spreadMeters, spreadMeters), Math.Min(3, edge.Length / 2), Math.Max(edge.Length - 3, edge.Length / 2));
        return OnEdge(edge, along, zone, rng);
    }

    /// <summary>A spot anywhere along one of the given edges.</summary>
    public Spot Along(IReadOnlyList<RoadEdge> edges, ZoneType zone, SeededRandom rng)
    {
        var total = edges.Sum(e => e.Length);
        var s = rng.Range(0, total);
        foreach (var e in edges)
        {
            if (s <= e.Length) return OnEdge(e, Math.Clamp(s, Math.Min(3, e.Length / 2), Math.Max(e.Length - 3, e.Length / 2)), zone, rng);
            s -= e.Length;
        }
        return OnEdge(edges[^1], edges[^1].Length / 2, zone, rng);
    }

    public Spot OnEdge(RoadEdge edge, double along, ZoneType zone, SeededRandom rng)
    {
        var (centre, dir) = edge.Line.At(along);
        var side = rng.Chance(0.5) ? 1.0 : -1.0;
        var half = edge.WidthMeters / 2;
        var offset = zone switch
        {
            ZoneType.Roadway or ZoneType.NoParking => Math.Max(1, half - 1.6),
            ZoneType.Sidewalk => half + 2.0,
            ZoneType.Plaza => half + 8.0,
            _ => half + 4.0,
        };
        var p = centre + dir.RightNormal() * (offset * side);
        return Settle(p, edge.StreetName, zone, dir.BearingDeg());
    }

    /// <summary>The zone map has the last word: if the geometric guess lands in another zone, keep the map's answer.</summary>
    private Spot Settle(Vec2 p, string street, ZoneType wanted, double bearing)
    {
        var geo = Frame.ToGeo(p);
        var zone = _zoneAt?.Invoke(geo) ?? wanted;
        return new Spot(p, geo, street, zone, bearing);
    }
}
