using Microsoft.Azure.Cosmos;
using Yunbao.Application.Ports;

namespace Yunbao.Infrastructure.Cosmos;

/// <summary>Device snapshots in the `devices` container: create-only (409 → false) and replace with If-Match (412 → conflict), as the port documents.</summary>
public sealed class CosmosDeviceStateRepository(Container container) : IDeviceStateRepository
{
    public async Task<DeviceState?> GetAsync(string districtId, string deviceId, CancellationToken ct) =>
        (await container.ReadOrNullAsync<DeviceStateDocument>(districtId, deviceId, ct))?.ToDomain();

    public async Task<IReadOnlyList<DeviceState>> ListAsync(string districtId, CancellationToken ct) =>
        (await container.QueryListAsync<DeviceStateDocument>(new DistrictQuery(districtId), ct)).Select(d => d.ToDomain()).ToList();

    public async Task<bool> TryCreateAsync(DeviceState state, CancellationToken ct)
    {
        var (created, etag) = await container.TryCreateAsync(DeviceStateDocument.From(state), state.DistrictId, ct);
        if (created) state.ETag = etag;
        return created;
    }

    public async Task ReplaceAsync(DeviceState state, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(state.ETag))
            throw new InvalidOperationException($"Device state '{state.Id}' has no ETag: read it before replacing it.");
        state.ETag = await container.ReplaceIfMatchAsync(DeviceStateDocument.From(state), state.Id, state.DistrictId, state.ETag, "Device state", ct);
    }
}
