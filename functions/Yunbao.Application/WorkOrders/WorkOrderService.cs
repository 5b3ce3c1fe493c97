using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yunbao.Application.Detection;
using Yunbao.Application.Heatmaps;
using Yunbao.Application.Ports;
using Yunbao.Application.Stewards;
using Yunbao.Application.Telemetry;
using Yunbao.Application;
using Yunbao.Domain.Catalog;
using Yunbao.Domain.Dispatch;
using Yunbao.Domain.Incidents;
using Yunbao.Domain.Pipeline;
using Yunbao.Domain.Rules;
using Yunbao.Domain.Stewards;
using Yunbao.Domain.WorkOrders;

namespace Yunbao.Application.WorkOrders;

/// <summary>
/// Work orders: opening them from incidents (dedupe, persistence), transitions with ETag checks, dispatch
/// and the SLA sweep. Keeps each steward's ActiveOrderIds in step with the orders; those steps re-read
/// both documents and are idempotent, so a retry after a crash repairs rather than doubles anything.
/// </summary>
public sealed class WorkOrderService(
    IWorkOrderRepository orders,
    IStewardRepository stewards,
    IIncidentRepository incidents,
    CategoryCatalog catalog,
    IncidentDeduplicator deduplicator,
    NearestStewardDispatcher dispatcher,
    TimeProvider clock,
    IOptions<DistrictOptions> district,
    ILogger<WorkOrderService> logger)
{
    private const int ConflictRetries = 5;
    private static readonly WorkOrderStatus[] ActiveStatuses =
        [WorkOrderStatus.Detected, WorkOrderStatus.Dispatched, WorkOrderStatus.Accepted, WorkOrderStatus.InProgress, WorkOrderStatus.Escalated];

    public Task<WorkOrder?> GetAsync(string districtId, string id, CancellationToken ct) => orders.GetAsync(districtId, id, ct);

    public Task<Page<WorkOrder>> QueryAsync(WorkOrderQuery query, CancellationToken ct) => orders.QueryAsync(query, ct);

    /// <summary>
    /// Applies a transition. Throws <see cref="ConcurrencyConflictException"/> when IfMatch is stale (or another
    /// writer wins the replace), <see cref="InvalidTransitionException"/> when the state machine refuses, and
    /// <see cref="WorkOrderNotFoundException"/> for an unknown order. Dispatch without a steward picks the nearest free one.
    /// </summary>
    public async Task<WorkOrder> TransitionAsync(WorkOrderTransition t, CancellationToken ct)
    {
        var order = await orders.GetAsync(t.DistrictId, t.WorkOrderId, ct) ?? throw new WorkOrderNotFoundException(t.DistrictId, t.WorkOrderId);
        if (t.IfMatch is not null && t.IfMatch != order.ETag)
            throw new ConcurrencyConflictException($"Work order {order.Id} changed since it was read (ETag {t.IfMatch} is stale).");

        if (t.Action == WorkOrderAction.Dispatch)
        {
            Steward? target = null;
            if (t.StewardId is not null)
                target = await stewards.GetAsync(t.DistrictId, t.StewardId, ct)
                    ?? throw new InvalidTransitionException(order.Status, "dispatch", $"steward {t.StewardId} is unknown in {t.DistrictId}");
            return await DispatchAsync(order, target, t.By, ct)
                ?? throw new InvalidTransitionException(order.Status, "dispatch", "no steward with spare capacity is available");
        }

        var now = clock.GetUtcNow();
        var previousSteward = order.AssignedStewardId;
        switch (t.Action)
        {
            case WorkOrderAction.Accept: order.Accept(t.StewardId ?? t.By.Id, now, t.Where); break;
            case WorkOrderAction.Start: order.Start(t.StewardId ?? t.By.Id, now, t.Where, t.Note); break;
            case WorkOrderAction.Resolve: order.Resolve(t.By, now, t.Note, t.Evidence, t.Where); break;
            case WorkOrderAction.Verify: order.Verify(t.By, now, t.Note, t.Evidence, t.Where); break;
            case WorkOrderAction.Close: order.Close(t.By, now, t.Note); break;
            case WorkOrderAction.Reject: order.Reject(t.By, now, t.Note ?? ""); break;
            case WorkOrderAction.Escalate: order.Escalate(now, string.IsNullOrWhiteSpace(t.Note) ? $"escalated by {t.By.Id}" : t.Note, t.By); break;
            case WorkOrderAction.Reopen: order.Reopen(t.By, now, t.Note, t.Where, t.Evidence); break;
            default: throw new ArgumentOutOfRangeException(nameof(t), t.Action, "Unknown work-order action.");
        }
        await orders.ReplaceAsync(order, ct);
        logger.LogInformation("Work order {WorkOrderId} in {DistrictId}: {Action} by {ActorId} → {Status}", order.Id, order.DistrictId, t.Action, t.By.Id, order.Status);

        await ReconcileStewardAsync(order.DistrictId, previousSteward, ct, order);
        if (order.AssignedStewardId != previousSteward) await ReconcileStewardAsync(order.DistrictId, order.AssignedStewardId, ct, order);

        try
        {
            if (order.AwaitsDispatch)
                order = await DispatchAsync(order, null, Actor.System, ct) ?? order;
            else if (previousSteward is not null && !order.OccupiesSteward)
                await DispatchWaitingAsync(order.DistrictId, ct); // the steward has room again
        }
        catch (ConcurrencyConflictException e)
        {
            // The transition itself is stored; the SLA sweep dispatches whatever is still waiting.
            logger.LogWarning("Follow-up dispatch after {Action} of {WorkOrderId} deferred to the SLA sweep: {Reason}", t.Action, order.Id, e.Message);
        }
        return order;
    }

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
                await DispatchAsync(order, null, Actor.System, ct);
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
            Yunbao.Domain.Detection.EventSource.PatrolVehicle or Yunbao.Domain.Detection.EventSource.FixedCamera when incident.DeviceId is not null => Actor.Patrol(incident.DeviceId),
            _ => Actor.System,
        };
        try
        {
            await TransitionAsync(new WorkOrderTransition
            {
                DistrictId = order.DistrictId, WorkOrderId = order.Id, Action = WorkOrderAction.Reopen, By = by, IfMatch = order.ETag,
                Where = incident.Location, Note = $"seen again after it was resolved: {incident.Source} incident {incident.Id} ({incident.Provider})",
                Evidence = incident.FrameBlobName is { } frame ? [frame] : [],
            }, ct);
        }
        catch (Exception e) when (e is ConcurrencyConflictException or InvalidTransitionException)
        {
            logger.LogDebug("Work order {WorkOrderId} not reopened by incident {IncidentId}: {Reason}", order.Id, incident.Id, e.Message);
        }
    }

    /// <summary>Escalates overdue orders, reassigns dispatches not accepted in time, and dispatches waiting orders.</summary>
    public async Task<SlaEnforcementResult> EnforceSlasAsync(string districtId, CancellationToken ct)
    {
        int escalated = 0, reassigned = 0;
        var now = clock.GetUtcNow();
        var roster = await stewards.ListAsync(districtId, ct);
        foreach (var order in await ListAsync(districtId, ActiveStatuses, ct))
        {
            try
            {
                if (order.AcceptanceOverdue(now))
                {
                    if (dispatcher.ChooseReassignment(order, roster, now) is { } next)
                    {
                        if (await DispatchAsync(order, next, Actor.System, ct) is not null) { reassigned++; roster = await stewards.ListAsync(districtId, ct); }
                        continue;
                    }
                    await ApplyAsync(order, o => o.Escalate(now, $"steward {o.AssignedStewardId} did not accept within {o.DispatchSlaMinutes} min and no other steward is free"), ct);
                    escalated++;
                    continue;
                }
                if (order.OverdueReason(now) is { } reason)
                {
                    await ApplyAsync(order, o => o.Escalate(now, reason), ct);
                    escalated++;
                    logger.LogWarning("Work order {WorkOrderId} in {DistrictId} escalated: {Reason}", order.Id, districtId, reason);
                }
            }
            catch (Exception e) when (e is ConcurrencyConflictException or InvalidTransitionException)
            {
                // Someone moved the order meanwhile; the next sweep sees its new state.
                logger.LogDebug("SLA sweep skipped {WorkOrderId}: {Reason}", order.Id, e.Message);
            }
        }
        var dispatched = await DispatchWaitingAsync(districtId, ct);
        var closed = await CloseVerifiedAsync(districtId, now, ct);
        return new SlaEnforcementResult(escalated, reassigned, dispatched, closed);
    }

    /// <summary>Closes orders verified at least AutoCloseVerifiedAfterMinutes ago: the last step of the loop needs nobody.</summary>
    private async Task<int> CloseVerifiedAsync(string districtId, DateTimeOffset now, CancellationToken ct)
    {
        var after = district.Value.AutoCloseVerifiedAfterMinutes;
        if (after < 0) return 0;
        var closed = 0;
        foreach (var order in await ListAsync(districtId, [WorkOrderStatus.Verified], ct))
        {
            if (order.Events.LastOrDefault(e => e.Type == WorkOrderEventTypes.Verified) is not { } verified || now < verified.At.AddMinutes(after)) continue;
            try
            {
                await ApplyAsync(order, o => o.Close(Actor.System, now, FormattableString.Invariant($"closed automatically {after} min after verification")), ct);
                closed++;
            }
            catch (Exception e) when (e is ConcurrencyConflictException or InvalidTransitionException)
            {
                logger.LogDebug("Auto-close skipped {WorkOrderId}: {Reason}", order.Id, e.Message);
            }
        }
        return closed;
    }

    /// <summary>The SLA sweep for the configured district (what the timer function calls).</summary>
    public Task<SlaEnforcementResult> EnforceSlasAsync(CancellationToken ct) => EnforceSlasAsync(district.Value.DistrictId, ct);

    /// <summary>Dispatches orders waiting for a steward (most severe, then oldest, first) while stewards have room. Returns how many.</summary>
    public async Task<int> DispatchWaitingAsync(string districtId, CancellationToken ct)
    {
        var waiting = (await ListAsync(districtId, [WorkOrderStatus.Detected, WorkOrderStatus.Escalated], ct))
            .Where(o => o.AwaitsDispatch)
            .OrderByDescending(o => o.Severity).ThenBy(o => o.CreatedAt)
            .ToList();
        var count = 0;
        foreach (var order in waiting)
        {
            var roster = await stewards.ListAsync(districtId, ct);
            if (!roster.Any(s => s.HasCapacity)) break;
            if (await DispatchAsync(order, null, Actor.System, ct) is not null) count++;
        }
        return count;
    }

    /// <summary>
    /// Dispatches to <paramref name="steward"/>, or to the nearest free steward when null. The steward's slot is
    /// reserved first (ETag-guarded), so capacity holds under concurrency; if the order write then loses, the
    /// reservation is reconciled away. Returns null when nobody is free or someone else dispatched it first.
    /// </summary>
    private async Task<WorkOrder?> DispatchAsync(WorkOrder order, Steward? steward, Actor by, CancellationToken ct)
    {
        for (var attempt = 0; attempt < ConflictRetries; attempt++)
        {
            var chosen = steward is null
                ? dispatcher.Choose(order, await stewards.ListAsync(order.DistrictId, ct), order.AssignedStewardId is { } current && order.Status == WorkOrderStatus.Dispatched ? [current] : null)
                : await stewards.GetAsync(order.DistrictId, steward.Id, ct);
            if (chosen is null)
            {
                logger.LogInformation("Work order {WorkOrderId} in {DistrictId} waits: no steward with spare capacity", order.Id, order.DistrictId);
                return null;
            }
            var previous = order.AssignedStewardId;
            var candidate = Clone(order);
            candidate.Dispatch(chosen, clock.GetUtcNow(), by); // validates before anything is written

            try
            {
                chosen.ActiveOrderIds.Add(order.Id);
                await stewards.UpsertAsync(chosen, ct);
            }
            catch (ConcurrencyConflictException)
            {
                continue; // the steward changed (another dispatch, a heartbeat): choose again
            }

            try
            {
                await orders.ReplaceAsync(candidate, ct);
            }
            catch (ConcurrencyConflictException)
            {
                await ReconcileStewardAsync(order.DistrictId, chosen.Id, ct);
                if (steward is not null) throw;
                logger.LogDebug("Work order {WorkOrderId} changed while dispatching; left to its new state", order.Id);
                return null;
            }
            if (previous is not null && previous != chosen.Id) await ReconcileStewardAsync(order.DistrictId, previous, ct, candidate);
            await ReconcileStewardAsync(order.DistrictId, chosen.Id, ct, candidate); // re-adds the slot if a concurrent reconcile dropped it
            logger.LogInformation("Work order {WorkOrderId} in {DistrictId} dispatched to steward {StewardId}", candidate.Id, candidate.DistrictId, chosen.Id);
            CopyInto(candidate, order);
            return order;
        }
        throw new ConcurrencyConflictException($"Could not reserve a steward for work order {order.Id} after {ConflictRetries} attempts.");
    }

    /// <summary>Attaches incidents to an order, re-reading and retrying when another writer got there first.</summary>
    private async Task<WorkOrder> AttachAsync(WorkOrder order, IReadOnlyList<Incident> sightings, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var changed = false;
            foreach (var s in sightings) changed |= order.RecordOccurrence(s);
            try
            {
                if (changed) await orders.ReplaceAsync(order, ct);
                break;
            }
            catch (ConcurrencyConflictException) when (attempt < ConflictRetries)
            {
                order = await orders.GetAsync(order.DistrictId, order.Id, ct) ?? throw new WorkOrderNotFoundException(order.DistrictId, order.Id);
            }
        }
        foreach (var s in sightings) await incidents.SetWorkOrderAsync(order.DistrictId, s.Id, order.Id, ct);
        return order;
    }

    /// <summary>Applies a system transition to a freshly read copy and keeps the stewards in step.</summary>
    private async Task ApplyAsync(WorkOrder order, Action<WorkOrder> transition, CancellationToken ct)
    {
        var previous = order.AssignedStewardId;
        transition(order);
        await orders.ReplaceAsync(order, ct);
        await ReconcileStewardAsync(order.DistrictId, previous, ct, order);
    }

    /// <summary>
    /// Makes one steward's ActiveOrderIds agree with the orders it names (and with <paramref name="known"/>,
    /// the order just written). Idempotent; retries on conflicts with heartbeats.
    /// </summary>
    private async Task ReconcileStewardAsync(string districtId, string? stewardId, CancellationToken ct, WorkOrder? known = null)
    {
        if (stewardId is null) return;
        for (var attempt = 0; attempt < ConflictRetries; attempt++)
        {
            var steward = await stewards.GetAsync(districtId, stewardId, ct);
            if (steward is null) return;
            var keep = new List<string>();
            foreach (var id in steward.ActiveOrderIds.Distinct())
            {
                var o = known?.Id == id ? known : await orders.GetAsync(districtId, id, ct);
                if (o is not null && o.OccupiesSteward && o.AssignedStewardId == stewardId) keep.Add(id);
            }
            if (known is not null && known.OccupiesSteward && known.AssignedStewardId == stewardId && !keep.Contains(known.Id)) keep.Add(known.Id);
            if (keep.SequenceEqual(steward.ActiveOrderIds)) return;
            steward.ActiveOrderIds.Clear();
            steward.ActiveOrderIds.AddRange(keep);
            try
            {
                await stewards.UpsertAsync(steward, ct);
                return;
            }
            catch (ConcurrencyConflictException)
            {
                // A heartbeat or another dispatch wrote it: read again.
            }
        }
        logger.LogWarning("Steward {StewardId} in {DistrictId}: active orders not reconciled after {Attempts} attempts", stewardId, districtId, ConflictRetries);
    }

    private async Task<List<WorkOrder>> ListAsync(string districtId, IReadOnlyList<WorkOrderStatus> statuses, CancellationToken ct)
    {
        var all = new List<WorkOrder>();
        string? token = null;
        do
        {
            var page = await orders.QueryAsync(new WorkOrderQuery { DistrictId = districtId, Statuses = statuses, PageSize = 200, ContinuationToken = token }, ct);
            all.AddRange(page.Items);
            token = page.ContinuationToken;
        } while (token is not null);
        return all;
    }

    private static WorkOrder Clone(WorkOrder o) => new()
    {
        Id = o.Id, DistrictId = o.DistrictId, CategoryCode = o.CategoryCode, Severity = o.Severity, Location = o.Location,
        Status = o.Status, CreatedAt = o.CreatedAt, UpdatedAt = o.UpdatedAt, LastSeenAt = o.LastSeenAt,
        OccurrenceCount = o.OccurrenceCount, IncidentIds = [.. o.IncidentIds], AssignedStewardId = o.AssignedStewardId,
        DispatchDueAt = o.DispatchDueAt, ResolveDueAt = o.ResolveDueAt, Congestion = o.Congestion, Simulated = o.Simulated,
        Source = o.Source, Events = [.. o.Events], ETag = o.ETag,
    };

    private static void CopyInto(WorkOrder from, WorkOrder to)
    {
        to.Status = from.Status;
        to.UpdatedAt = from.UpdatedAt;
        to.AssignedStewardId = from.AssignedStewardId;
        to.Events.Clear();
        to.Events.AddRange(from.Events);
        to.ETag = from.ETag;
    }
}
