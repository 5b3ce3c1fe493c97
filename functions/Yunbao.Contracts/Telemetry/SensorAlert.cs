namespace Yunbao.Contracts.Telemetry;

/// <summary>type=alert: a threshold crossed (state "raised") or cleared after hysteresis (state "cleared").</summary>
public sealed record SensorAlert(string DistrictId, DateTimeOffset Ts, double Lon, double Lat, string Metric, double Value, double Threshold, string State);
