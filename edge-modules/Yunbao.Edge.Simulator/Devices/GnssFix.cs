using Yunbao.Contracts.Geo;
using Yunbao.Domain.Geo;
using Yunbao.Edge.Simulator.Geometry;
using Yunbao.Edge.Simulator.World;

namespace Yunbao.Edge.Simulator.Devices;

/// <summary>A GNSS fix: where a vehicle is, where it heads, how fast.</summary>
public readonly record struct GnssFix(DateTimeOffset At, GeoPoint Position, double HeadingDeg, double SpeedKmh);
