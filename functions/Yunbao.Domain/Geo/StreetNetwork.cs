using System.Reflection;
using System.Text.Json;
using Yunbao.Contracts.Geo;
using Yunbao.Contracts;

namespace Yunbao.Domain.Geo;

/// <summary>
/// The district's streets, plazas and intersections (District/lize-streets.json), with the geometry the
/// rules and the simulator need: nearest street, zones, and routes along the streets.
/// </summary>
public sealed class StreetNetwork
{
    private const string ResourceName = "Yunbao.Domain.lize-streets.json";
    private static readonly Lazy<StreetNetwork> s_default = new(LoadDefault);
    private readonly Dictionary<string, Street> _byId;
    private readonly RoadGraph _graph;

    private StreetNetwork(string districtId, GeoBounds bounds, LocalProjection projection, IReadOnlyList<Street> streets, IReadOnlyList<Plaza> plazas, IReadOnlyList<Intersection> intersections)
    {
        DistrictId = districtId;
        Bounds = bounds;
        Projection = projection;
        Streets = streets;
        Plazas = plazas;
        Intersections = intersections;
        _byId = streets.ToDictionary(s => s.Id, StringComparer.Ordinal);
        _graph = new RoadGraph(this);
    }

    /// <summary>Lize's network from the embedded resource.</summary>
    public static StreetNetwork Default => s_default.Value;

    public string DistrictId { get; }
    public GeoBounds Bounds { get; }
    public LocalProjection Projection { get; }
    public IReadOnlyList<Street> Streets { get; }
    public IReadOnlyList<Plaza> Plazas { get; }
    public IReadOnlyList<Intersection> Intersections { get; }
    public double TotalLengthMeters => Streets.Sum(s => s.LengthMeters);

    public Street GetStreet(string id) =>
        _byId.TryGetValue(id, out var s) ? s : throw new KeyNotFoundException($"Unknown street '{id}'.");

    /// <summary>The nearest point on any street centreline.</summary>
    public StreetPosition Nearest(GeoPoint p)
    {
        StreetPosition? best = null;
        foreach (var street in Streets)
        {
            var pos = street.Path.Locate(p);
            if (best is null || pos.OffsetMeters < best.OffsetMeters)
                best = new StreetPosition(street, pos.Point, pos.DistanceAlongMeters, pos.OffsetMeters, pos.BearingDeg);
        }
        return best!;
    }

    /// <summary>Positions on every street whose centreline is within <paramref name="maxOffsetMeters"/> of p.</summary>
    public IEnumerable<StreetPosition> Near(GeoPoint p, double maxOffsetMeters)
    {
        foreach (var street in Streets)
        {
            var pos = street.Path.Locate(p);
            if (pos.OffsetMeters <= maxOffsetMeters)
                yield return new StreetPosition(street, pos.Point, pos.DistanceAlongMeters, pos.OffsetMeters, pos.BearingDeg);
        }
    }

    /// <summary>Shortest route along the streets between the street points nearest to <paramref name="from"/> and <paramref name="to"/>.</summary>
    public GeoPath Route(GeoPoint from, GeoPoint to) => _graph.Route(Nearest(from), Nearest(to));

    /// <summary>Length in metres of <see cref="Route"/>: the road distance used by dispatch when wanted.</summary>
    public double RoadDistanceMeters(GeoPoint from, GeoPoint to) => Route(from, to).LengthMeters;

    /// <summary>
    /// A patrol that drives every street once, end to end, greedily taking the street nearest by road next,
    /// starting from the street point nearest to <paramref name="start"/>. Its length is about the network's
    /// length plus the connecting drives.
    /// </summary>
    public GeoPath PatrolRoute(GeoPoint start)
    {
        var remaining = new HashSet<Street>(Streets);
        var here = Nearest(start);
        var points = new List<GeoPoint>();
        while (remaining.Count > 0)
        {
            Street? next = null;
            var forward = true;
            var best = double.MaxValue;
            foreach (var s in remaining)
            {
                var costStart = _graph.RouteLength(here, At(s, 0));
                var costEnd = _graph.RouteLength(here, At(s, s.LengthMeters));
                if (costStart < best) (next, forward, best) = (s, true, costStart);
                if (costEnd < best) (next, forward, best) = (s, false, costEnd);
            }
            next ??= remaining.First(); // not connected by road: jump to it
            var entry = At(next, forward ? 0 : next.LengthMeters);
            var exit = At(next, forward ? next.LengthMeters : 0);
            Append(points, _graph.Route(here, entry).Points);
            Append(points, next.Path.Slice(entry.DistanceAlongMeters, exit.DistanceAlongMeters));
            remaining.Remove(next);
            here = exit;
        }
        return new GeoPath(points, Projection);
    }

    /// <summary>A position on a street by distance along it.</summary>
    public static StreetPosition At(Street street, double alongMeters)
    {
        var along = Math.Clamp(alongMeters, 0, street.LengthMeters);
        return new StreetPosition(street, street.Path.PointAt(along), along, 0, street.Path.BearingAt(along));
    }

    /// <summary>Joins polylines, dropping a repeated joint point.</summary>
    internal static void Append(List<GeoPoint> into, IReadOnlyList<GeoPoint> more)
    {
        foreach (var p in more)
            if (into.Count == 0 || into[^1].DistanceTo(p) > 0.01) into.Add(p);
    }

    public static StreetNetwork Parse(string json)
    {
        StreetsDocument? doc;
        try
        {
            doc = JsonSerializer.Deserialize<StreetsDocument>(json, YunbaoJson.Options);
        }
        catch (JsonException e)
        {
            throw new StreetNetworkDataException($"Street network JSON is malformed: {e.Message}");
        }
        if (doc is null) throw new StreetNetworkDataException("Street network JSON is empty.");
        if (string.IsNullOrWhiteSpace(doc.DistrictId)) throw new StreetNetworkDataException("Street network has no districtId.");
        if (doc.Bounds is not { Length: 4 }) throw new StreetNetworkDataException("Street network needs bounds [west, south, east, north].");
        var bounds = new GeoBounds(doc.Bounds[0], doc.Bounds[1], doc.Bounds[2], doc.Bounds[3]);
        var projection = new LocalProjection(new GeoPoint((bounds.West + bounds.East) / 2, (bounds.South + bounds.North) / 2));

        GeoPoint Point(double[] xy, string owner)
        {
            if (xy is not { Length: 2 }) throw new StreetNetworkDataException($"{owner}: a point must be [lon, lat].");
            var p = new GeoPoint(xy[0], xy[1]);
            if (!bounds.Contains(p)) throw new StreetNetworkDataException($"{owner}: point {p} lies outside the district bounds.");
            return p;
        }

        var streets = new List<Street>();
        foreach (var s in doc.Streets ?? [])
        {
            var owner = $"Street '{s.Id}'";
            if (string.IsNullOrWhiteSpace(s.Id)) throw new StreetNetworkDataException("A street has no id.");
            if (streets.Any(x => x.Id == s.Id)) throw new StreetNetworkDataException($"{owner} is listed twice.");
            if (string.IsNullOrWhiteSpace(s.NameZh) || string.IsNullOrWhiteSpace(s.NameEn)) throw new StreetNetworkDataException($"{owner} needs nameZh and nameEn.");
            if (s.CarriagewayWidthM <= 0 || s.SidewalkWidthM < 0) throw new StreetNetworkDataException($"{owner} needs a positive carriagewayWidthM and a non-negative sidewalkWidthM.");
            if (s.Path is not { Length: >= 2 }) throw new StreetNetworkDataException($"{owner} needs a path of at least two points.");
            var path = new GeoPath(s.Path.Select(p => Point(p, owner)).ToList(), projection);
            var noParking = new List<NoParkingSegment>();
            foreach (var n in s.NoParking ?? [])
            {
                if (n.FromM < 0 || n.ToM <= n.FromM || n.FromM > path.LengthMeters)
                    throw new StreetNetworkDataException($"{owner}: no-parking segment {n.FromM}-{n.ToM} m must satisfy 0 <= fromM < toM and start within the street ({path.LengthMeters:F0} m).");
                noParking.Add(new NoParkingSegment(n.FromM, Math.Min(n.ToM, path.LengthMeters), n.ReasonZh ?? "", n.ReasonEn ?? ""));
            }
            streets.Add(new Street
            {
                Id = s.Id, NameZh = s.NameZh!, NameEn = s.NameEn!, RoadClass = s.RoadClass ?? "branch",
                CarriagewayWidthMeters = s.CarriagewayWidthM, SidewalkWidthMeters = s.SidewalkWidthM,
                Path = path, NoParking = noParking,
            });
        }
        if (streets.Count == 0) throw new StreetNetworkDataException("Street network has no streets.");

        var plazas = new List<Plaza>();
        foreach (var p in doc.Plazas ?? [])
        {
            var owner = $"Plaza '{p.Id}'";
            if (string.IsNullOrWhiteSpace(p.Id) || plazas.Any(x => x.Id == p.Id)) throw new StreetNetworkDataException($"{owner}: missing or duplicate id.");
            var ring = (p.Polygon ?? []).Select(xy => Point(xy, owner)).ToList();
            if (ring.Distinct().Count() < 3) throw new StreetNetworkDataException($"{owner} needs a polygon of at least three distinct points.");
            plazas.Add(new Plaza(p.Id, p.NameZh ?? p.Id, p.NameEn ?? p.Id, p.Kind ?? "plaza", ring, projection));
        }

        var byId = streets.ToDictionary(s => s.Id);
        var intersections = new List<Intersection>();
        foreach (var i in doc.Intersections ?? [])
        {
            var owner = $"Intersection '{i.Id}'";
            if (string.IsNullOrWhiteSpace(i.Id) || intersections.Any(x => x.Id == i.Id)) throw new StreetNetworkDataException($"{owner}: missing or duplicate id.");
            var at = Point([i.Lon, i.Lat], owner);
            foreach (var sid in i.StreetIds ?? [])
            {
                if (!byId.TryGetValue(sid, out var street)) throw new StreetNetworkDataException($"{owner} names unknown street '{sid}'.");
                var off = street.Path.Locate(at).OffsetMeters;
                if (off > 5) throw new StreetNetworkDataException($"{owner} lies {off:F0} m off street '{sid}'.");
            }
            intersections.Add(new Intersection(i.Id, i.NameZh ?? i.Id, i.NameEn ?? i.Id, at, i.StreetIds ?? [], i.FixedCamera));
        }

        return new StreetNetwork(doc.DistrictId, bounds, projection, streets, plazas, intersections);
    }

    private static StreetNetwork LoadDefault()
    {
        using var stream = typeof(StreetNetwork).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new StreetNetworkDataException($"Embedded resource {ResourceName} is missing from {typeof(StreetNetwork).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    private sealed class StreetsDocument
    {
        public string DistrictId { get; set; } = "";
        public double[]? Bounds { get; set; }
        public List<StreetDto>? Streets { get; set; }
        public List<PlazaDto>? Plazas { get; set; }
        public List<IntersectionDto>? Intersections { get; set; }
    }

    private sealed class StreetDto
    {
        public string Id { get; set; } = "";
        public string? NameZh { get; set; }
        public string? NameEn { get; set; }
        public string? RoadClass { get; set; }
        public double CarriagewayWidthM { get; set; }
        public double SidewalkWidthM { get; set; }
        public double[][]? Path { get; set; }
        public List<NoParkingDto>? NoParking { get; set; }
    }

    private sealed class NoParkingDto
    {
        public double FromM { get; set; }
        public double ToM { get; set; }
        public string? ReasonZh { get; set; }
        public string? ReasonEn { get; set; }
    }

    private sealed class PlazaDto
    {
        public string Id { get; set; } = "";
        public string? NameZh { get; set; }
        public string? NameEn { get; set; }
        public string? Kind { get; set; }
        public double[][]? Polygon { get; set; }
    }

    private sealed class IntersectionDto
    {
        public string Id { get; set; } = "";
        public string? NameZh { get; set; }
        public string? NameEn { get; set; }
        public double Lon { get; set; }
        public double Lat { get; set; }
        public List<string>? StreetIds { get; set; }
        public bool FixedCamera { get; set; }
    }
}
