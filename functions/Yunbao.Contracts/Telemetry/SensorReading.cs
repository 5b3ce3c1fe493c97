namespace Yunbao.Contracts.Telemetry;

/// <summary>type=sensor: periodic readings of an environmental sensor.</summary>
public sealed record SensorReading(string DistrictId, DateTimeOffset Ts, double Lon, double Lat, IReadOnlyDictionary<string, double> Values);
