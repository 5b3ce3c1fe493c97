using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.Azure.Cosmos;
using Yunbao.Contracts.Frames;
using Yunbao.Contracts.Geo;
using Yunbao.Application.Ports;
using Yunbao.Domain.Detection;
using Yunbao.Domain.Geo;
using Yunbao.Domain.Incidents;

namespace Yunbao.Infrastructure.Cosmos;

public sealed record IncidentDocument : CosmosDocument
{
    public required string CategoryCode { get; init; }
    public EventSource Source { get; init; }
    public required GeoJsonPoint Location { get; init; }
    public double Lon { get; init; }
    public double Lat { get; init; }
    public DateTimeOffset ObservedAt { get; init; }
    public long ObservedAtMs { get; init; }
    public double Confidence { get; init; }
    public string? DeviceId { get; init; }
    public string? FrameBlobName { get; init; }
    public PixelBox? Box { get; init; }
    public string Provider { get; init; } = "";
    public bool Simulated { get; init; }
    public bool Congestion { get; init; }
    public string? WorkOrderId { get; init; }
    public string? Description { get; init; }

    public static IncidentDocument From(Incident i) => new()
    {
        Id = i.Id,
        DistrictId = i.DistrictId,
        CategoryCode = i.CategoryCode,
        Source = i.Source,
        Location = GeoJsonPoint.From(i.Location),
        Lon = i.Location.Lon,
        Lat = i.Location.Lat,
        ObservedAt = i.ObservedAt,
        ObservedAtMs = CosmosTime.Ms(i.ObservedAt),
        Confidence = i.Confidence,
        DeviceId = i.DeviceId,
        FrameBlobName = i.FrameBlobName,
        Box = i.Box,
        Provider = i.Provider,
        Simulated = i.Simulated,
        Congestion = i.Congestion,
        WorkOrderId = i.WorkOrderId,
        Description = i.Description,
    };

    public Incident ToDomain() => new()
    {
        Id = Id,
        DistrictId = DistrictId,
        CategoryCode = CategoryCode,
        Source = Source,
        Location = new GeoPoint(Lon, Lat),
        ObservedAt = ObservedAt,
        Confidence = Confidence,
        DeviceId = DeviceId,
        FrameBlobName = FrameBlobName,
        Box = Box,
        Provider = Provider,
        Simulated = Simulated,
        Congestion = Congestion,
        WorkOrderId = WorkOrderId,
        Description = Description,
    };
}

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
