using Yunbao.Contracts.Geo;

namespace Yunbao.Edge.Modules;

/// <summary>A GNSS fix: where the device is, where it heads, how fast.</summary>
public readonly record struct PositionFix(DateTimeOffset At, GeoPoint Position, double HeadingDeg, double SpeedKmh);
