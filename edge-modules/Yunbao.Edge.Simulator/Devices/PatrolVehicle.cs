using Yunbao.Domain.Geo;
using Yunbao.Edge.Simulator.Geometry;
using Yunbao.Edge.Simulator.World;

namespace Yunbao.Edge.Simulator.Devices;

/// <summary>
/// The patrol car driving the district's patrol loop again and again. Its speed drifts between the limits
/// (a new target each simulated minute, eased linearly), derived from (seed, minute) so it does not depend
/// on how time is stepped.
/// </summary>
public sealed class PatrolVehicle(SimulatorOptions options, SimulatedDistrict district) : IGnssSource
{
    private double _distance;
    private DateTimeOffset? _at;

    public string DeviceId => options.PatrolDeviceId;
    public double DistanceDrivenMeters => _distance;
    public GeoPath Loop => district.PatrolLoop;

    public double SpeedKmhAt(DateTimeOffset t)
    {
        var seconds = t.ToUnixTimeMilliseconds() / 1000.0;
        var minute = (long)Math.Floor(seconds / 60);
        var frac = seconds / 60 - minute;
        double Target(long m) => SeededRandom.For(options.Seed, "patrol-speed", m).Range(options.PatrolMinSpeedKmh, options.PatrolMaxSpeedKmh);
        return Target(minute) + (Target(minute + 1) - Target(minute)) * frac;
    }

    /// <summary>Drives on to time t (the first call only sets the start).</summary>
    public void AdvanceTo(DateTimeOffset t)
    {
        if (_at is { } from && t > from) _distance += SpeedKmhAt(from) / 3.6 * (t - from).TotalSeconds;
        _at = t;
    }

    public GnssFix Read(DateTimeOffset at)
    {
        var s = _distance % Loop.LengthMeters;
        return new GnssFix(at, Loop.PointAt(s), Loop.BearingAt(s), SpeedKmhAt(at));
    }
}
