using Yunbao.Contracts.Geo;

namespace Yunbao.Edge.Simulator.Devices;

/// <summary>A GNSS fix: where a vehicle is, where it heads, how fast.</summary>
public readonly record struct GnssFix(DateTimeOffset At, GeoPoint Position, double HeadingDeg, double SpeedKmh);
