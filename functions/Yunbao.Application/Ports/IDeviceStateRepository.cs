using Yunbao.Domain.Geo;

namespace Yunbao.Application.Ports;

/// <summary>Device snapshots in the `devices` container (partition key /districtId).</summary>
public interface IDeviceStateRepository
{
    Task<DeviceState?> GetAsync(string districtId, string deviceId, CancellationToken ct);
    Task<IReadOnlyList<DeviceState>> ListAsync(string districtId, CancellationToken ct);
    /// <summary>
    /// Never blind. Without state.ETag: create-only; throws <see cref="ConcurrencyConflictException"/> with AlreadyExists (409)
    /// when the device is stored already (read it and retry with its ETag). With state.ETag: replace with If-Match; throws
    /// <see cref="ConcurrencyConflictException"/> when it changed (412) or is gone. Updates state.ETag.
    /// </summary>
    Task UpsertAsync(DeviceState state, CancellationToken ct);
}
