using Microsoft.Azure.Cosmos;
using Yunbao.Application.Ports;
using Yunbao.Domain.Geo;

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

/// <summary>Device snapshots in the `devices` container.</summary>
public sealed class CosmosDeviceStateRepository(Container container) : IDeviceStateRepository
{
    public async Task<DeviceState?> GetAsync(string districtId, string deviceId, CancellationToken ct) =>
        (await container.ReadOrNullAsync<DeviceStateDocument>(districtId, deviceId, ct))?.ToDomain();

    public async Task<IReadOnlyList<DeviceState>> ListAsync(string districtId, CancellationToken ct) =>
        (await container.QueryListAsync<DeviceStateDocument>(new DistrictQuery(districtId), ct)).Select(d => d.ToDomain()).ToList();

    public async Task UpsertAsync(DeviceState state, CancellationToken ct)
    {
        var doc = DeviceStateDocument.From(state);
        if (string.IsNullOrEmpty(state.ETag))
        {
            // A first report of a device races nobody but a redelivery of itself: create, and on 409 let the
            // caller re-read and retry with the ETag it then has.
            try
            {
                var created = await container.CreateItemAsync(doc, new PartitionKey(state.DistrictId), cancellationToken: ct);
                state.ETag = created.ETag;
            }
            catch (CosmosException e) when (e.StatusCode == System.Net.HttpStatusCode.Conflict)
            {
                throw new ConcurrencyConflictException($"Device state '{state.Id}' already exists.", alreadyExists: true);
            }
            return;
        }
        state.ETag = await container.ReplaceIfMatchAsync(doc, state.Id, state.DistrictId, state.ETag, "Device state", ct);
    }
}
