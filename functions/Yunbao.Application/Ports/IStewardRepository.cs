using Yunbao.Application.Detection;
using Yunbao.Application.Heatmaps;
using Yunbao.Application.Stewards;
using Yunbao.Application.Telemetry;
using Yunbao.Application.WorkOrders;
using Yunbao.Application;
using Yunbao.Domain.Detection;
using Yunbao.Domain.Geo;
using Yunbao.Domain.Incidents;
using Yunbao.Domain.Stewards;
using Yunbao.Domain.WorkOrders;

namespace Yunbao.Application.Ports;

public interface IStewardRepository
{
    Task<Steward?> GetAsync(string districtId, string id, CancellationToken ct);
    Task<IReadOnlyList<Steward>> ListAsync(string districtId, CancellationToken ct);
    /// <summary>Creates or replaces; when steward.ETag is set the write only succeeds if it is still current.</summary>
    Task UpsertAsync(Steward steward, CancellationToken ct);
}
