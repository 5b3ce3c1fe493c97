using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yunbao.Application.Ports;
using Yunbao.Domain.Catalog;
using Yunbao.Domain.Incidents;
using Yunbao.Application;
using Yunbao.Domain.Rules;
using Yunbao.Domain.WorkOrders;

namespace Yunbao.Application.WorkOrders;

/// <summary>
/// Incidents into work orders: store the incident (idempotent by id), attach it to an open order nearby
/// (dedupe), open a new order once the category's persistence rule is met, and reopen a resolved order
/// the problem is back at. A new or reopened order is dispatched straight away when a steward is free.
/// </summary>
public sealed class IncidentIntake(
    IWorkOrderRepository orders,
    IIncidentRepository incidents,
    CategoryCatalog catalog,
    IncidentDeduplicator deduplicator,
    StewardDispatch dispatch,
    WorkOrderTransitions transitions,
    TimeProvider clock,
    ILogger<IncidentIntake> logger)
{
    /// <summary>
    /// Stores an incident and attaches it to an open order nearby (dedupe) or opens a new one once the
    /// category's persistence rule is met. Redelivery: a known incident that already has its order changes nothing.
    /// </summary>
    public async Task<IncidentOutcome> RecordIncidentAsync(Incident incident, CancellationToken ct)
    {
        if (!catalog.TryGet(incident.CategoryCode, out var category))
            throw new UnprocessableInputException($"Incident {incident.Id} names unknown category '{incident.CategoryCode}'.");

        var created = await incidents.TryAddAsync(incident, ct);
        if (!created)
        {
            var stored = await incidents.GetAsync(incident.DistrictId, incident.Id, ct);
            if (stored?.WorkOrderId is { } known) return new IncidentOutcome(stored, false, known, false);
            // Known but not linked: the first delivery stopped early or persistence was not met yet. Both steps below are idempotent.
            incident = stored ?? incident;
        }

        var open = await orders.ListOpenAsync(incident.DistrictId, incident.CategoryCode, ct);
        if (deduplicator.FindMatch(incident, open) is { } match)
        {
            var attached = await AttachAsync(match, [incident], ct);
            await ReopenIfBackAsync(attached, incident, ct);
            return new IncidentOutcome(incident with { WorkOrderId = attached.Id }, created, attached.Id, false);
        }

        // Earlier unlinked sightings of the same problem join the new order, and the earliest of them names it,
        // so two views of one scene processed in parallel compute the same order id and only one is created.
        var recent = await incidents.ListRecentAsync(incident.DistrictId, category.Code, incident.ObservedAt.AddMinutes(-category.DedupeWindowMinutes), ct);
        if (!ViolationRules.PersistenceMet(category, incident, recent))
        {
            logger.LogDebug("Incident {IncidentId} ({Category}) waits for more sightings before an order opens", incident.Id, category.Code);
            return new IncidentOutcome(incident, created, null, false);
        }
        var nearby = recent.Where(i => i.Id != incident.Id && i.Location.DistanceTo(incident.Location) <= category.DedupeRadiusMeters).ToList();
        // A nearby sighting already linked to an open order means a parallel frame opened it after our dedupe check: join it.
        foreach (var orderId in nearby.Select(i => i.WorkOrderId).OfType<string>().Distinct())
        {
            if (await orders.GetAsync(incident.DistrictId, orderId, ct) is { IsOpen: true } racing && racing.CategoryCode == category.Code)
            {
                var joined = await AttachAsync(racing, [incident], ct);
                return new IncidentOutcome(incident with { WorkOrderId = joined.Id }, created, joined.Id, false);
            }
        }
        var sightings = nearby
            .Where(i => i.WorkOrderId is null && i.ObservedAt <= incident.ObservedAt)
            .Append(incident)
            .OrderBy(i => i.ObservedAt).ThenBy(i => i.Id, StringComparer.Ordinal)
            .ToList();

        var order = WorkOrder.Open(sightings[0], category, clock.GetUtcNow());
        foreach (var other in sightings.Skip(1)) order.RecordOccurrence(other);
        var opened = await orders.TryCreateAsync(order, ct);
        if (!opened)
        {
            // An earlier delivery, or a parallel view of the same scene, opened it: join it.
            var existing = await orders.GetAsync(order.DistrictId, order.Id, ct) ?? throw new ConcurrencyConflictException($"Work order {order.Id} exists but cannot be read.");
            order = await AttachAsync(existing, sightings, ct);
        }
        foreach (var id in sightings.Select(i => i.Id)) await incidents.SetWorkOrderAsync(order.DistrictId, id, order.Id, ct);
        if (opened)
        {
            logger.LogInformation("Work order {WorkOrderId} opened in {DistrictId} for {Category} from incident {IncidentId} ({Provider}, simulated {Simulated})",
                order.Id, order.DistrictId, category.Code, incident.Id, incident.Provider, incident.Simulated);
        }
        if (order.AwaitsDispatch)
        {
            try
            {
                await dispatch.DispatchAsync(order, null, Actor.System, ct);
            }
            catch (ConcurrencyConflictException e)
            {
                logger.LogWarning("Dispatch of new work order {WorkOrderId} deferred to the SLA sweep: {Reason}", order.Id, e.Message);
            }
        }
        return new IncidentOutcome(incident with { WorkOrderId = order.Id }, created, order.Id, opened);
    }

    /// <summary>A sighting after the order was resolved means the problem is back: reopen (and so re-dispatch) it.</summary>
    private async Task ReopenIfBackAsync(WorkOrder order, Incident incident, CancellationToken ct)
    {
        if (order.Status != WorkOrderStatus.Resolved || order.ResolvedAt is not { } resolvedAt || incident.ObservedAt <= resolvedAt) return;
        var category = catalog.Get(order.CategoryCode);
        if (category.MinSightings > 1)
        {
            // One car passing a resolved parking spot is traffic: the problem is back only when it persists again.
            var since = await incidents.ListRecentAsync(order.DistrictId, category.Code, resolvedAt, ct);
            if (!ViolationRules.PersistenceMet(category, incident, since.Where(i => i.ObservedAt > resolvedAt))) return;
        }
        var by = incident.Source switch
        {
            Yunbao.Contracts.Frames.EventSource.PatrolVehicle or Yunbao.Contracts.Frames.EventSource.FixedCamera when incident.DeviceId is not null => Actor.Patrol(incident.DeviceId),
            _ => Actor.System,
        };
        var outcome = await transitions.TransitionAsync(new WorkOrderTransition
        {
            DistrictId = order.DistrictId, WorkOrderId = order.Id, Action = WorkOrderAction.Reopen, By = by, IfMatch = order.ETag,
            Where = incident.Location, Note = $"seen again after it was resolved: {incident.Source} incident {incident.Id} ({incident.Provider})",
            Evidence = incident.FrameBlobName is { } frame ? [frame] : [],
        }, ct);
        if (outcome is not TransitionOutcome.Ok)
            logger.LogDebug("Work order {WorkOrderId} not reopened by incident {IncidentId}: {Outcome}", order.Id, incident.Id, outcome);
    }

    /// <summary>Attaches incidents to an order, re-reading and retrying when another writer got there first.</summary>
    private async Task<WorkOrder> AttachAsync(WorkOrder order, IReadOnlyList<Incident> sightings, CancellationToken ct)
    {
        var current = order;
        var reread = false;
        current = await OptimisticConcurrency.RetryAsync(async c =>
        {
            if (reread) current = await orders.GetAsync(order.DistrictId, order.Id, c) ?? throw new WorkOrderNotFoundException(order.DistrictId, order.Id);
            reread = true;
            var changed = false;
            foreach (var s in sightings) changed |= current.RecordOccurrence(s);
            if (changed) await orders.ReplaceAsync(current, c);
            return current;
        }, OptimisticConcurrency.DefaultAttempts, ct);
        foreach (var s in sightings) await incidents.SetWorkOrderAsync(current.DistrictId, s.Id, current.Id, ct);
        return current;
    }
}
