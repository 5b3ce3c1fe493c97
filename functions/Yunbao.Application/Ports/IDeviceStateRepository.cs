
namespace Yunbao.Application.Ports;

/// <summary>Device snapshots in the `devices` container (partition key /districtId). No write overwrites blindly.</summary>
public interface IDeviceStateRepository
{
    Task<DeviceState?> GetAsync(string districtId, string deviceId, CancellationToken ct);
    Task<IReadOnlyList<DeviceState>> ListAsync(string districtId, CancellationToken ct);
    /// <summary>
    /// Create-only: stores a device seen for the first time and sets state.ETag. Returns false (and changes nothing)
    /// when it is stored already (409), e.g. a redelivery of its first report won: read it and replace instead.
    /// </summary>
    Task<bool> TryCreateAsync(DeviceState state, CancellationToken ct);
    /// <summary>
    /// Replace with If-Match: writes only if the stored ETag still equals state.ETag (which must be set), then updates
    /// state.ETag. Throws <see cref="ConcurrencyConflictException"/> when it changed (412) or is gone.
    /// </summary>
    Task ReplaceAsync(DeviceState state, CancellationToken ct);
}
