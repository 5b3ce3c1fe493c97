using Microsoft.Azure.Cosmos;
using Yunbao.Contracts.Geo;
using Yunbao.Application.Ports;

namespace Yunbao.Infrastructure.Cosmos;

public sealed record DeviceStateDocument : CosmosDocument
{
    public required string Kind { get; init; }
    public required GeoJsonPoint Location { get; init; }
    public double Lon { get; init; }
    public double Lat { get; init; }
    public double HeadingDeg { get; init; }
    public double SpeedKmh { get; init; }
    public DateTimeOffset LastReportAt { get; init; }
    public DateTimeOffset LastSeenAt { get; init; }
    public long LastSeenAtMs { get; init; }
    public Dictionary<string, double> Readings { get; init; } = [];
    public string? HealthJson { get; init; }
    public bool Simulated { get; init; }

    public static DeviceStateDocument From(DeviceState s) => new()
    {
        Id = s.Id,
        DistrictId = s.DistrictId,
        Kind = s.Kind,
        Location = GeoJsonPoint.From(s.Location),
        Lon = s.Location.Lon,
        Lat = s.Location.Lat,
        HeadingDeg = s.HeadingDeg,
        SpeedKmh = s.SpeedKmh,
        LastReportAt = s.LastReportAt,
        LastSeenAt = s.LastSeenAt,
        LastSeenAtMs = CosmosTime.Ms(s.LastSeenAt),
        Readings = new(s.Readings),
        HealthJson = s.HealthJson,
        Simulated = s.Simulated,
    };

    public DeviceState ToDomain() => new()
    {
        Id = Id,
        DistrictId = DistrictId,
        Kind = Kind,
        Location = new GeoPoint(Lon, Lat),
        HeadingDeg = HeadingDeg,
        SpeedKmh = SpeedKmh,
        LastReportAt = LastReportAt,
        LastSeenAt = LastSeenAt,
        Readings = new(Readings),
        HealthJson = HealthJson,
        Simulated = Simulated,
        ETag = ETag,
    };
}
