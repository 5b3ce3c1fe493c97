using Yunbao.Application.Detection;
using Yunbao.Application.Heatmaps;
using Yunbao.Application.Stewards;
using Yunbao.Application.Telemetry;
using Yunbao.Application.WorkOrders;
using Yunbao.Application;
using Yunbao.Domain.Geo;

namespace Yunbao.Application.Ports;

/// <summary>Device snapshots in the `devices` container (partition key /districtId).</summary>
public interface IDeviceStateRepository
{
    Task<DeviceState?> GetAsync(string districtId, string deviceId, CancellationToken ct);
    Task<IReadOnlyList<DeviceState>> ListAsync(string districtId, CancellationToken ct);
    /// <summary>Creates or replaces; when state.ETag is set the write only succeeds if it is still current (else <see cref="ConcurrencyConflictException"/>). Updates state.ETag.</summary>
    Task UpsertAsync(DeviceState state, CancellationToken ct);
}
