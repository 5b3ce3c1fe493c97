using Yunbao.Contracts.Frames;
using Yunbao.Domain.Incidents;

namespace Yunbao.Application.Ports;

/// <summary>Incidents in the `incidents` container (partition key /districtId). An incident never changes after it is stored, except for its order link.</summary>
public interface IIncidentRepository
{
    /// <summary>Create-only: stores the incident; returns false (and changes nothing) when one with the same id exists (409). Ids derive from frame + category + box, so this is the idempotency check.</summary>
    Task<bool> TryAddAsync(Incident incident, CancellationToken ct);
    Task<Incident?> GetAsync(string districtId, string id, CancellationToken ct);
    /// <summary>Incidents of one category observed at or after <paramref name="since"/> (for persistence and dedupe checks).</summary>
    Task<IReadOnlyList<Incident>> ListRecentAsync(string districtId, string categoryCode, DateTimeOffset since, CancellationToken ct);
    /// <summary>All incidents observed in [from, to) for heatmaps and statistics.</summary>
    IAsyncEnumerable<Incident> ListObservedBetweenAsync(string districtId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct);
    /// <summary>Incidents of one source observed in [from, to) (citizen requests for Open311); stores with a query for it override the filter.</summary>
    IAsyncEnumerable<Incident> ListBySourceAsync(string districtId, EventSource source, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        ListObservedBetweenAsync(districtId, from, to, ct).Where(i => i.Source == source);
    /// <summary>
    /// Links an incident to the order it opened or joined: a patch of that one field, no ETag, because it is the only
    /// field that ever changes and setting it twice to the same order is harmless (idempotent). Throws when the incident is unknown.
    /// </summary>
    Task SetWorkOrderAsync(string districtId, string incidentId, string workOrderId, CancellationToken ct);
}
