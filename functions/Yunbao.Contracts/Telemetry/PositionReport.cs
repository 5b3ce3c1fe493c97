namespace Yunbao.Contracts.Telemetry;

/// <summary>type=position. kind "vehicle" (patrol car) or "steward" (steward's phone).</summary>
public sealed record PositionReport(string Kind, string DistrictId, DateTimeOffset Ts, double Lon, double Lat, double HeadingDeg = 0, double SpeedKmh = 0, string? StewardId = null, bool? Available = null);
