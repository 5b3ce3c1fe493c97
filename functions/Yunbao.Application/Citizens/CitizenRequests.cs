using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yunbao.Application.Ports;
using Yunbao.Application.WorkOrders;
using Yunbao.Contracts.Frames;
using Yunbao.Domain.Catalog;
using Yunbao.Domain.Citizens;
using Yunbao.Domain.Geo;
using Yunbao.Domain.Incidents;
using Yunbao.Domain.WorkOrders;

namespace Yunbao.Application.Citizens;

/// <summary>
/// Citizens' requests (Open311): a request is an incident of source Citizen that goes through the same intake as a
/// machine detection (dedupe, persistence, dispatch, SLA), so it opens an order or joins the open one nearby, and its
/// status is that order's. Its id is the incident id, derived from the client's ticket id when it sends one, so the
/// hotline's retries are the same request.
/// </summary>
public sealed class CitizenRequests(
    IncidentIntake intake,
    IIncidentRepository incidents,
    IWorkOrderRepository orders,
    CategoryCatalog catalog,
    StreetNetwork streets,
    IOptions<DistrictOptions> district,
    TimeProvider clock,
    ILogger<CitizenRequests> logger)
{
    /// <summary>Open311: GET requests answers at most 1000 requests and, without dates, the last 90 days.</summary>
    public const int MaxResults = 1000;
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(90);
    public const string Provider = "open311";

    private string DistrictId => district.Value.DistrictId;

    public async Task<CitizenSubmitted> SubmitAsync(CitizenSubmission s, CancellationToken ct)
    {
        var category = catalog.Get(s.CategoryCode);
        // With a ticket id the id is the ticket's, so a retry lands on the stored request; without one every POST is new.
        var key = s.TicketId is { } ticket ? $"{s.ClientId}|ticket|{ticket}" : $"{s.ClientId}|{Guid.NewGuid():N}";
        var now = clock.GetUtcNow();
        var incident = new Incident
        {
            Id = IncidentId.ForCitizenReport(key),
            DistrictId = DistrictId,
            CategoryCode = category.Code,
            Source = EventSource.Citizen,
            Location = s.Location,
            ObservedAt = now,
            Provider = $"{Provider}:{s.ClientId}",
            Simulated = s.Simulated,
            Description = s.Description,
            Citizen = new CitizenReport
            {
                ClientId = s.ClientId, TicketId = s.TicketId, AddressString = s.AddressString, MediaUrl = s.MediaUrl,
                Attributes = s.Attributes, Contact = s.Contact,
            },
        };
        var outcome = await intake.RecordIncidentAsync(incident, ct);
        var order = outcome.WorkOrderId is { } id ? await orders.GetAsync(DistrictId, id, ct) : null;
        // Stable field names, never the contact: the reporter's data stays out of logs.
        logger.LogInformation("Citizen request {RequestId} ({Category}) from client {ClientId}: {Outcome} work order {WorkOrderId} (simulated {Simulated})",
            outcome.Incident.Id, category.Code, s.ClientId, !outcome.Created ? "retry of" : outcome.WorkOrderOpened ? "opened" : order is null ? "waits for" : "joined",
            outcome.WorkOrderId, s.Simulated);
        return new CitizenSubmitted(View(outcome.Incident, order), outcome.Created, outcome.WorkOrderId, outcome.WorkOrderId is not null && !outcome.WorkOrderOpened);
    }

    /// <summary>One request by id, or null when there is no citizen request with it.</summary>
    public async Task<CitizenRequestView?> GetAsync(string requestId, CancellationToken ct)
    {
        var incident = await incidents.GetAsync(DistrictId, requestId, ct);
        if (incident is not { Source: EventSource.Citizen, Citizen: not null }) return null;
        var order = incident.WorkOrderId is { } id ? await orders.GetAsync(DistrictId, id, ct) : null;
        return View(incident, order);
    }

    /// <summary>Requests matching the filters, newest first, at most <see cref="CitizenRequestQuery.Limit"/>.</summary>
    public async Task<IReadOnlyList<CitizenRequestView>> ListAsync(CitizenRequestQuery q, CancellationToken ct)
    {
        var found = new List<Incident>();
        if (q.RequestIds.Count > 0)
        {
            foreach (var id in q.RequestIds.Distinct(StringComparer.Ordinal))
                if (await incidents.GetAsync(DistrictId, id, ct) is { Source: EventSource.Citizen, Citizen: not null } i) found.Add(i);
        }
        else
        {
            await foreach (var i in incidents.ListBySourceAsync(DistrictId, EventSource.Citizen, q.Start, q.End, ct))
                if (i.Citizen is not null) found.Add(i);
        }
        var cache = new Dictionary<string, WorkOrder?>(StringComparer.Ordinal);
        var views = new List<CitizenRequestView>();
        foreach (var i in found.Where(i => q.CategoryCodes.Count == 0 || q.CategoryCodes.Contains(i.CategoryCode)).OrderByDescending(i => i.ObservedAt))
        {
            WorkOrder? order = null;
            if (i.WorkOrderId is { } id && !cache.TryGetValue(id, out order)) cache[id] = order = await orders.GetAsync(DistrictId, id, ct);
            var view = View(i, order);
            if (q.Open is { } open && view.Status.Open != open) continue;
            views.Add(view);
            if (views.Count >= q.Limit) break;
        }
        return views;
    }

    private CitizenRequestView View(Incident i, WorkOrder? order)
    {
        var category = catalog.Get(i.CategoryCode);
        var street = streets.Nearest(i.Location).Street;
        return new CitizenRequestView
        {
            RequestId = i.Id,
            CategoryCode = i.CategoryCode,
            Status = order is null ? CitizenStatus.Received(i.ObservedAt) : CitizenStatus.Of(order),
            RequestedAt = i.ObservedAt,
            ExpectedAt = order?.ResolveDueAt ?? i.ObservedAt.AddMinutes(category.ResolveSlaMinutes),
            Location = i.Location,
            Description = i.Description,
            Address = i.Citizen?.AddressString ?? $"{street.NameZh} {street.NameEn}",
            MediaUrl = i.Citizen?.MediaUrl,
            Simulated = i.Simulated,
        };
    }
}
