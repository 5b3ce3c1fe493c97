using System.Globalization;
using Yunbao.Contracts.Geo;
using Yunbao.Domain.Catalog;
using Yunbao.Domain.Geo;
using Yunbao.Edge.Simulator.Devices;
using Yunbao.Edge.Simulator.Geometry;

namespace Yunbao.Edge.Simulator.World;

/// <summary>
/// The district as the simulation sees it: the street network, its zone map, the patrol loop and the
/// places that attract problems. Spots are placed geometrically (curb lane, middle of the sidewalk,
/// inside a plaza) and confirmed with the ZoneMap, so a "sidewalk" problem never lands in a junction.
/// </summary>
public sealed class SimulatedDistrict
{
    public SimulatedDistrict(StreetNetwork network, ZoneMap? zones = null, IReadOnlyList<Place>? places = null)
    {
        Network = network;
        Zones = zones ?? new ZoneMap(network);
        FixedCameraSites = network.Intersections.Where(i => i.FixedCamera)
            .Select((i, n) => new FixedCamera(string.Create(CultureInfo.InvariantCulture, $"fixedcam-{n + 1:00}"), i.NameZh,
                network.Projection.Offset(i.Location, FixedCameraCornerBearing, FixedCameraCornerMeters), FixedCameraCornerBearing - 180))
            .ToList();
        Places = places ?? LizePlaces.For(network).Concat(ShopFrontsInCameraView(network)).ToList();
        var start = network.Intersections.Count > 0 ? network.Intersections[0].Location : network.Streets[0].Path.Start;
        var once = network.PatrolRoute(start);
        // close the loop: drive back to where the tour began
        var back = network.Route(once.End, once.Start);
        var points = once.Points.ToList();
        foreach (var p in back.Points) if (points[^1].DistanceTo(p) > 0.01) points.Add(p);
        if (points[^1].DistanceTo(points[0]) > 0.01) points.Add(points[0]);
        PatrolLoop = new GeoPath(points, network.Projection);
    }

    /// <summary>Lize's built-in network and zones.</summary>
    public static SimulatedDistrict Lize() => new(StreetNetwork.Default, ZoneMap.Default);

    public StreetNetwork Network { get; }
    public ZoneMap Zones { get; }
    public IReadOnlyList<Place> Places { get; }
    public string DistrictId => Network.DistrictId;
    /// <summary>A fixed camera on the south-west corner of each intersection marked for one, looking north-east across it.</summary>
    public IReadOnlyList<FixedCamera> FixedCameraSites { get; }

    private const double FixedCameraCornerBearing = 225;
    private const double FixedCameraCornerMeters = 14;

    /// <summary>
    /// Shop fronts on the rush-hour street just past a junction with a fixed camera, in the camera's view: cars
    /// stop there for a quick errand. The camera's five-minute frames then show the same car again and again,
    /// the persistence the parking rule wants, which the patrol car (back only after its ~2 h loop) cannot give.
    /// </summary>
    private static IEnumerable<Place> ShopFrontsInCameraView(StreetNetwork network)
    {
        var street = network.Streets.FirstOrDefault(s => s.Id == LizePlaces.RushHourStreetId);
        if (street is null) yield break;
        foreach (var junction in network.Intersections.Where(i => i.FixedCamera && i.StreetIds.Contains(street.Id)))
        {
            var camera = network.Projection.Offset(junction.Location, FixedCameraCornerBearing, FixedCameraCornerMeters);
            var along = street.Path.Locate(junction.Location).DistanceAlongMeters;
            var inView = new[] { along + 20, along - 20 }
                .Select(a => street.Path.PointAt(Math.Clamp(a, 0, street.LengthMeters)))
                .FirstOrDefault(p => LocalProjection.AngleBetween(network.Projection.Bearing(camera, p), FixedCameraCornerBearing - 180) < 30);
            if (inView != default) yield return new Place($"{junction.NameZh} 商铺门前", PlaceKind.ShopFront, inView);
        }
    }
    /// <summary>The patrol car's closed loop over every street (the network's patrol tour plus the drive back to its start).</summary>
    public GeoPath PatrolLoop { get; }

    internal Vec2 ToLocal(GeoPoint p) => Vec2.From(Network.Projection.ToPlane(p));
    internal GeoPoint ToGeo(Vec2 v) => Network.Projection.ToGeo(v.ToPlane());

    public IReadOnlyList<Place> PlacesOf(PlaceKind kind)
    {
        var found = Places.Where(p => p.Kind == kind).ToList();
        return found.Count > 0 ? found : Places;
    }

    /// <summary>A street by id or Chinese/English name; the longest street when the network has no such street.</summary>
    public Street StreetNamed(string idOrName) =>
        Network.Streets.FirstOrDefault(s => s.Id == idOrName || s.NameZh == idOrName || s.NameEn == idOrName)
        ?? Network.Streets.MaxBy(s => s.LengthMeters)!;

    /// <summary>A spot near an anchor (within ±spread metres along its street, or inside its plaza), in the wanted zone.</summary>
    public Spot Near(GeoPoint anchor, double spreadMeters, ZoneType zone, SeededRandom rng)
    {
        if (zone == ZoneType.Plaza && Network.Plazas.FirstOrDefault(p => p.Contains(anchor)) is { } plaza)
            return InPlaza(plaza, rng);
        var at = Network.Nearest(anchor);
        return Settle(zone, rng, r => (at.Street, Math.Clamp(at.DistanceAlongMeters + r.Range(-spreadMeters, spreadMeters), 0, at.Street.LengthMeters)));
    }

    /// <summary>A spot anywhere along a street.</summary>
    public Spot Along(Street street, ZoneType zone, SeededRandom rng) =>
        Settle(zone, rng, r => (street, r.Range(0, street.LengthMeters)));

    /// <summary>A spot anywhere on the network (a street chosen in proportion to its length).</summary>
    public Spot Anywhere(ZoneType zone, SeededRandom rng) => Settle(zone, rng, r =>
    {
        var s = r.Range(0, Network.TotalLengthMeters);
        foreach (var street in Network.Streets)
        {
            if (s <= street.LengthMeters) return (street, s);
            s -= street.LengthMeters;
        }
        return (Network.Streets[^1], 0);
    });

    private Spot InPlaza(Plaza plaza, SeededRandom rng)
    {
        var w = plaza.Polygon.Min(p => p.Lon); var e = plaza.Polygon.Max(p => p.Lon);
        var s = plaza.Polygon.Min(p => p.Lat); var n = plaza.Polygon.Max(p => p.Lat);
        for (var i = 0; i < 30; i++)
        {
            var p = new GeoPoint(rng.Range(w, e), rng.Range(s, n));
            if (plaza.Contains(p) && Zones.ZoneAt(p) == ZoneType.Plaza) return new Spot(p, plaza.NameZh, ZoneType.Plaza);
        }
        return new Spot(plaza.Centroid, plaza.NameZh, Zones.ZoneAt(plaza.Centroid));
    }

    /// <summary>Tries positions until the ZoneMap agrees with the wanted zone (a no-parking stretch counts as roadway).</summary>
    private Spot Settle(ZoneType wanted, SeededRandom rng, Func<SeededRandom, (Street Street, double Along)> pick)
    {
        Spot last = default;
        for (var attempt = 0; attempt < 12; attempt++)
        {
            var (street, along) = pick(rng);
            var side = rng.Chance(0.5) ? 1.0 : -1.0;
            var half = street.CarriagewayWidthMeters / 2;
            var offset = wanted switch
            {
                ZoneType.Roadway or ZoneType.NoParking => Math.Max(0.5, half - 1.6),  // the curb lane
                ZoneType.Sidewalk => half + street.SidewalkWidthMeters / 2,
                _ => half + street.SidewalkWidthMeters + 3,
            };
            var p = street.Path.PointBeside(along, offset * side);
            var zone = Zones.ZoneAt(p);
            last = new Spot(p, street.NameZh, zone);
            var ok = zone == wanted
                || (wanted == ZoneType.Roadway && zone == ZoneType.NoParking)
                || (wanted == ZoneType.Plaza && zone is ZoneType.Sidewalk or ZoneType.Other);
            if (ok) return last;
        }
        return last;
    }
}
