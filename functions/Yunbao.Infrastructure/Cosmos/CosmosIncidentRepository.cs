using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.Azure.Cosmos;
using Yunbao.Application.Ports;
using Yunbao.Contracts.Frames;
using Yunbao.Domain.Incidents;

namespace Yunbao.Infrastructure.Cosmos;

/// <summary>Incidents in the `incidents` container. Ids are deterministic, so a redelivered frame's create is a no-op.</summary>
public sealed class CosmosIncidentRepository(Container container) : IIncidentRepository
{
    public async Task<bool> TryAddAsync(Incident incident, CancellationToken ct)
    {
        var (created, _) = await container.TryCreateAsync(IncidentDocument.From(incident), incident.DistrictId, ct);
        return created;
    }

    public async Task<Incident?> GetAsync(string districtId, string id, CancellationToken ct) =>
        (await container.ReadOrNullAsync<IncidentDocument>(districtId, id, ct))?.ToDomain();

    public async Task<IReadOnlyList<Incident>> ListRecentAsync(string districtId, string categoryCode, DateTimeOffset since, CancellationToken ct)
    {
        var query = new DistrictQuery(districtId)
            .And("c.categoryCode = {0}", categoryCode)
            .And("c.observedAtMs >= {0}", CosmosTime.Ms(since));
        return (await container.QueryListAsync<IncidentDocument>(query, ct)).Select(d => d.ToDomain()).ToList();
    }

    public async IAsyncEnumerable<Incident> ListObservedBetweenAsync(string districtId, DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken ct)
    {
        var query = new DistrictQuery(districtId)
            .And("c.observedAtMs >= {0} AND c.observedAtMs < {1}", CosmosTime.Ms(from), CosmosTime.Ms(to));
        await foreach (var doc in container.QueryAllAsync<IncidentDocument>(query, ct))
            yield return doc.ToDomain();
    }

    public async IAsyncEnumerable<Incident> ListBySourceAsync(string districtId, EventSource source, DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken ct)
    {
        var query = new DistrictQuery(districtId)
            .And("c.source = {0}", Yunbao.Contracts.YunbaoJson.EnumText(source))
            .And("c.observedAtMs >= {0} AND c.observedAtMs < {1}", CosmosTime.Ms(from), CosmosTime.Ms(to));
        await foreach (var doc in container.QueryAllAsync<IncidentDocument>(query, ct))
            yield return doc.ToDomain();
    }

    public async Task SetWorkOrderAsync(string districtId, string incidentId, string workOrderId, CancellationToken ct)
    {
        try
        {
            // A patch "set" is atomic and idempotent: repeating it leaves the same document.
            await container.PatchItemAsync<IncidentDocument>(incidentId, new PartitionKey(districtId),
                [PatchOperation.Set("/workOrderId", workOrderId)], cancellationToken: ct);
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            throw new KeyNotFoundException($"Incident '{incidentId}' does not exist in district '{districtId}'.");
        }
    }
}
