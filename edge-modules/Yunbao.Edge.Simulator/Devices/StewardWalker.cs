using Yunbao.Contracts;
using Yunbao.Contracts.Geo;
using Yunbao.Domain.Geo;
using Yunbao.Edge.Simulator.Geometry;
using Yunbao.Edge.Simulator.World;

namespace Yunbao.Edge.Simulator.Devices;

/// <summary>
/// A steward walking the streets: on an idle beat between nearby junctions, or straight along the streets
/// to a target the DevHost assigned (an order to fix). On arrival the steward waits there until released
/// or given the next target.
/// </summary>
public sealed class StewardWalker
{
    private readonly SimulatorOptions _options;
    private readonly SimulatedDistrict _district;
    private GeoPath? _path;
    private double _along;
    private int _beatLeg;
    private double _heading;
    private bool _moving;

    internal StewardWalker(string id, GeoPoint start, SimulatorOptions options, SimulatedDistrict district)
    {
        StewardId = id;
        Position = start;
        _options = options;
        _district = district;
    }

    public string StewardId { get; }
    public GeoPoint Position { get; private set; }
    public GeoPoint? Target { get; private set; }
    public bool Arrived { get; private set; }
    /// <summary>Set by the DevHost (e.g. busy with an order); combined with the shift hours.</summary>
    public bool ManuallyAvailable { get; set; } = true;

    public bool IsAvailableAt(DateTimeOffset t, TimeZoneInfo zone)
    {
        var hour = DistrictTime.LocalHour(t, zone);
        return ManuallyAvailable && hour >= _options.StewardShiftStartHour && hour < _options.StewardShiftEndHour;
    }

    public StewardSnapshot Snapshot(DateTimeOffset t, TimeZoneInfo zone) =>
        new(StewardId, Position, _heading, _moving ? _options.StewardWalkSpeedKmh : 0, IsAvailableAt(t, zone), Target, Arrived);

    public void AssignTarget(GeoPoint target)
    {
        Target = target;
        Arrived = false;
        _path = WalkPath(Position, target);
        _along = 0;
    }

    /// <summary>Back to the idle beat from wherever the steward is.</summary>
    public void Release()
    {
        Target = null;
        Arrived = false;
        _path = null;
    }

    /// <summary>Walks for dt; returns true when the steward reaches the assigned target during this step.</summary>
    internal bool Walk(TimeSpan dt)
    {
        if (Target is not null && Arrived) { _moving = false; return false; }
        if (_path is null)
        {
            if (Target is not null) return false;
            _path = NextBeat();
            _along = 0;
        }
        _moving = true;
        _along += _options.StewardWalkSpeedKmh / 3.6 * dt.TotalSeconds;
        var done = _along >= _path.LengthMeters;
        var s = Math.Min(_along, _path.LengthMeters);
        Position = _path.PointAt(s);
        _heading = _path.BearingAt(s);
        if (!done) return false;
        _path = null;
        if (Target is { } target && Position.DistanceTo(target) <= _options.StewardArrivalMeters + 0.5)
        {
            Arrived = true;
            _moving = false;
            return true;
        }
        return false;
    }

    private GeoPath NextBeat()
    {
        // a nearby junction, chosen from (seed, steward, leg): the beat is the same whatever the stepping
        var rng = SeededRandom.For(_options.Seed, $"beat/{StewardId}", _beatLeg++);
        var near = _district.Network.Intersections
            .Where(i => i.Location.DistanceTo(Position) is > 30 and < 700)
            .OrderBy(i => i.Id, StringComparer.Ordinal)
            .ToList();
        var to = near.Count > 0 ? rng.Pick(near).Location : _district.Network.Intersections[0].Location;
        return WalkPath(Position, to);
    }

    private GeoPath WalkPath(GeoPoint from, GeoPoint to)
    {
        var route = _district.Network.Route(from, to).Points;
        var points = new List<GeoPoint> { from };
        foreach (var p in route.Append(to)) if (points[^1].DistanceTo(p) > 0.01) points.Add(p);
        if (points.Count < 2) points.Add(to with { Lon = to.Lon + 1e-7 });
        return new GeoPath(points, _district.Network.Projection);
    }
}
