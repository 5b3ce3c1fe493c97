using Yunbao.Contracts.Geo;
using Yunbao.Domain.Catalog;
using Yunbao.Domain.Incidents;
using Yunbao.Domain.Stewards;

namespace Yunbao.Domain.WorkOrders;

/// <summary>
/// The work order aggregate. Every transition appends a <see cref="WorkOrderEvent"/>; illegal ones throw
/// <see cref="InvalidTransitionException"/>. Concurrency is the repository's job: it replaces the stored
/// document only if its ETag is still <see cref="ETag"/>, so two stewards accepting one order yield one winner.
/// </summary>
public sealed class WorkOrder
{
    // The whole state is one immutable snapshot: a transition replaces it, a copy shares it, a store saves it.
    private WorkOrderSnapshot _state;

    private WorkOrder(WorkOrderSnapshot state) => _state = state;

    /// <summary>Rebuilds an order from what a store saved (or from <see cref="ToSnapshot"/> of another instance: an independent copy).</summary>
    public static WorkOrder Rehydrate(WorkOrderSnapshot snapshot) =>
        new(snapshot with { IncidentIds = [.. snapshot.IncidentIds], Events = [.. snapshot.Events] });

    /// <summary>The order's complete state, for a store to persist.</summary>
    public WorkOrderSnapshot ToSnapshot() => _state;

    /// <summary>Records the ETag the store gave the document just written (null: not stored).</summary>
    public void MarkStored(string? etag) => _state = _state with { ETag = etag };

    public string Id => _state.Id;
    public string DistrictId => _state.DistrictId;
    public string CategoryCode => _state.CategoryCode;
    public Severity Severity => _state.Severity;
    public GeoPoint Location => _state.Location;
    public WorkOrderStatus Status => _state.Status;
    public DateTimeOffset CreatedAt => _state.CreatedAt;
    public DateTimeOffset UpdatedAt => _state.UpdatedAt;
    public DateTimeOffset LastSeenAt => _state.LastSeenAt;
    public int OccurrenceCount => _state.OccurrenceCount;
    public IReadOnlyList<string> IncidentIds => _state.IncidentIds;
    public string? AssignedStewardId => _state.AssignedStewardId;
    public DateTimeOffset DispatchDueAt => _state.DispatchDueAt;
    public DateTimeOffset ResolveDueAt => _state.ResolveDueAt;
    public bool Congestion => _state.Congestion;
    public bool Simulated => _state.Simulated;
    public string Source => _state.Source;
    public IReadOnlyList<WorkOrderEvent> Events => _state.Events;
    /// <summary>How many of <see cref="Events"/> are published to ops-events (the outbox watermark).</summary>
    public int PublishedEventCount => _state.PublishedEventCount;
    public bool HasUnpublishedEvents => PublishedEventCount < Events.Count;

    /// <summary>Records that Events[..count] reached ops-events. The watermark never moves back.</summary>
    public void MarkEventsPublished(int count) =>
        _state = _state with { PublishedEventCount = Math.Clamp(Math.Max(count, PublishedEventCount), 0, Events.Count) };
    /// <summary>Opaque concurrency token of the stored document (null before first save).</summary>
    public string? ETag => _state.ETag;

    /// <summary>True for the states an order is still being worked on or waiting in (not closed, rejected or verified).</summary>
    public static bool IsOpenStatus(WorkOrderStatus status) => status is not (WorkOrderStatus.Closed or WorkOrderStatus.Rejected or WorkOrderStatus.Verified);

    public bool IsOpen => IsOpenStatus(Status);

    // Timestamps below are derived from the event history rather than stored, so every store that keeps
    // the events keeps them too. A "reopened" event starts a new round of the lifecycle.

    /// <summary>When the current assignment was made (null when unassigned): the reassign clock runs from here.</summary>
    public DateTimeOffset? DispatchedAt => LastAfter(RoundStart, WorkOrderEventTypes.Dispatched, WorkOrderEventTypes.Reassigned)?.At;
    /// <summary>When the assigned steward accepted (null until then, and after a reassignment).</summary>
    public DateTimeOffset? AcceptedAt => LastIndexAfter(RoundStart, WorkOrderEventTypes.Dispatched, WorkOrderEventTypes.Reassigned) is var d and >= 0
        ? LastAfter(d, WorkOrderEventTypes.Accepted)?.At : null;
    public DateTimeOffset? ResolvedAt => LastAfter(RoundStart, WorkOrderEventTypes.Resolved)?.At;
    public DateTimeOffset? EscalatedAt => LastAfter(RoundStart, WorkOrderEventTypes.Escalated)?.At;
    /// <summary>When the SLA clocks of the current round started (opening or the last reopen).</summary>
    public DateTimeOffset ClockStartedAt => RoundStart >= 0 ? Events[RoundStart].At : CreatedAt;
    /// <summary>The category's SLAs as they applied when the order opened; a reopen restarts the clocks with them.</summary>
    public int DispatchSlaMinutes => (int)Math.Round((DispatchDueAt - ClockStartedAt).TotalMinutes);
    public int ResolveSlaMinutes => (int)Math.Round((ResolveDueAt - ClockStartedAt).TotalMinutes);

    private int RoundStart => LastIndexAfter(-1, WorkOrderEventTypes.Detected, WorkOrderEventTypes.Reopened);

    private int LastIndexAfter(int after, params string[] types)
    {
        for (var i = Events.Count - 1; i > after; i--)
            if (types.Contains(Events[i].Type)) return i;
        return -1;
    }

    private WorkOrderEvent? LastAfter(int after, params string[] types) =>
        LastIndexAfter(after, types) is var i and >= 0 ? Events[i] : null;

    /// <summary>True while the order counts against its steward's capacity (dispatched, accepted, in progress, or escalated while assigned).</summary>
    public bool OccupiesSteward => AssignedStewardId is not null
        && Status is WorkOrderStatus.Dispatched or WorkOrderStatus.Accepted or WorkOrderStatus.InProgress or WorkOrderStatus.Escalated;

    /// <summary>Waiting for a steward: never dispatched, or escalated without anyone on it.</summary>
    public bool AwaitsDispatch => Status == WorkOrderStatus.Detected
        || (Status == WorkOrderStatus.Escalated && AcceptedAt is null);

    /// <summary>The order id for the incident that opens it: a redelivered incident cannot open a second order.</summary>
    public static string IdFor(string firstIncidentId) => "wo-" + IncidentId.Hash(firstIncidentId);

    /// <summary>Opens an order for an incident; SLA clocks start at <paramref name="at"/>. Congestion raises severity one step.</summary>
    public static WorkOrder Open(Incident incident, ViolationCategory category, DateTimeOffset at)
    {
        if (incident.CategoryCode != category.Code)
            throw new ArgumentException($"Incident {incident.Id} is {incident.CategoryCode}, not {category.Code}.", nameof(category));
        var severity = incident.Congestion && category.DefaultSeverity < Severity.Critical ? category.DefaultSeverity + 1 : category.DefaultSeverity;
        var order = new WorkOrder(new WorkOrderSnapshot
        {
            Id = IdFor(incident.Id),
            DistrictId = incident.DistrictId,
            CategoryCode = category.Code,
            Severity = severity,
            Location = incident.Location,
            CreatedAt = at,
            UpdatedAt = at,
            LastSeenAt = incident.ObservedAt,
            IncidentIds = [incident.Id],
            DispatchDueAt = at.AddMinutes(category.DispatchSlaMinutes),
            ResolveDueAt = at.AddMinutes(category.ResolveSlaMinutes),
            Congestion = incident.Congestion,
            Simulated = incident.Simulated,
            Source = incident.Source.ToString(),
        });
        order.Append(WorkOrderEventTypes.Detected, WorkOrderStatus.Detected, Actor.System, at, incident.Location,
            $"{category.NameZh} {category.NameEn} ({incident.Provider}{(incident.Simulated ? ", simulated" : "")}) incident {incident.Id}");
        return order;
    }

    /// <summary>Assigns (or reassigns) the order to a steward. Allowed while waiting for or not yet accepted by a steward, and after escalation.</summary>
    public WorkOrderEvent Dispatch(Steward steward, DateTimeOffset at, Actor by)
    {
        const string action = "dispatch";
        Require(action, Status is WorkOrderStatus.Detected or WorkOrderStatus.Dispatched or WorkOrderStatus.Escalated,
            "only detected, dispatched (not yet accepted) or escalated orders can be dispatched");
        Require(action, steward.DistrictId == DistrictId, $"steward {steward.Id} works in {steward.DistrictId}, not {DistrictId}");
        Require(action, !(Status == WorkOrderStatus.Dispatched && AssignedStewardId == steward.Id), $"it is already dispatched to {steward.Id}");
        var holdsIt = steward.ActiveOrderIds.Contains(Id);
        Require(action, steward.Available || holdsIt, $"steward {steward.Id} is not available");
        Require(action, holdsIt || steward.ActiveOrderIds.Count < steward.Capacity, $"steward {steward.Id} is at capacity ({steward.Capacity} active orders)");
        var type = AssignedStewardId is not null && AssignedStewardId != steward.Id ? WorkOrderEventTypes.Reassigned : WorkOrderEventTypes.Dispatched;
        var note = type == WorkOrderEventTypes.Reassigned ? $"from {AssignedStewardId} to {steward.Id}" : $"to {steward.Id}";
        _state = _state with { AssignedStewardId = steward.Id };
        return Transition(type, WorkOrderStatus.Dispatched, by, at, steward.Location, note);
    }

    /// <summary>The assigned steward takes the order on.</summary>
    /// <remarks><paramref name="by"/> is who did it (a dispatcher recording it for the steward); the assigned steward when null.</remarks>
    public WorkOrderEvent Accept(string stewardId, DateTimeOffset at, GeoPoint? where = null, Actor? by = null)
    {
        const string action = "accept";
        Require(action, Status is WorkOrderStatus.Dispatched || (Status is WorkOrderStatus.Escalated && AssignedStewardId is not null && AcceptedAt is null),
            "only an order dispatched to a steward can be accepted");
        RequireAssigned(action, stewardId);
        return Transition(WorkOrderEventTypes.Accepted, WorkOrderStatus.Accepted, by ?? Actor.Steward(stewardId), at, where, null);
    }

    /// <summary>The assigned steward starts work on site.</summary>
    /// <remarks><paramref name="by"/> is who did it (a dispatcher recording it for the steward); the assigned steward when null.</remarks>
    public WorkOrderEvent Start(string stewardId, DateTimeOffset at, GeoPoint? where = null, string? note = null, Actor? by = null)
    {
        const string action = "start";
        Require(action, Status is WorkOrderStatus.Accepted || (Status is WorkOrderStatus.Escalated && AcceptedAt is not null),
            "work can only start on an accepted order");
        RequireAssigned(action, stewardId);
        return Transition(WorkOrderEventTypes.Started, WorkOrderStatus.InProgress, by ?? Actor.Steward(stewardId), at, where, note);
    }

    /// <summary>The problem is fixed: by the assigned steward (or a dispatcher recording it), with evidence.</summary>
    public WorkOrderEvent Resolve(Actor by, DateTimeOffset at, string? note, IReadOnlyList<string>? evidence, GeoPoint? where = null)
    {
        const string action = "resolve";
        Require(action, Status is WorkOrderStatus.InProgress || (Status is WorkOrderStatus.Escalated && AcceptedAt is not null),
            "only an order in progress can be resolved");
        if (!by.IsStaff) RequireAssigned(action, by.Id);
        return Transition(WorkOrderEventTypes.Resolved, WorkOrderStatus.Resolved, by, at, where, note, evidence);
    }

    /// <summary>Someone other than the steward confirms the fix: a dispatcher, or a patrol pass that no longer sees the problem.</summary>
    public WorkOrderEvent Verify(Actor by, DateTimeOffset at, string? note = null, IReadOnlyList<string>? evidence = null, GeoPoint? where = null)
    {
        const string action = "verify";
        Require(action, Status is WorkOrderStatus.Resolved, "only a resolved order can be verified");
        Require(action, by.IsStaff || by.Role == ActorRoles.Patrol, "verification is by a dispatcher or a patrol pass, not by the steward who did the work");
        return Transition(WorkOrderEventTypes.Verified, WorkOrderStatus.Verified, by, at, where, note, evidence);
    }

    public WorkOrderEvent Close(Actor by, DateTimeOffset at, string? note = null)
    {
        const string action = "close";
        Require(action, Status is WorkOrderStatus.Verified, "only a verified order can be closed");
        Require(action, by.IsStaff, "only a dispatcher or the system closes orders");
        return Transition(WorkOrderEventTypes.Closed, WorkOrderStatus.Closed, by, at, null, note);
    }

    /// <summary>A false alarm: by a dispatcher, the system, or the assigned steward on site.</summary>
    public WorkOrderEvent Reject(Actor by, DateTimeOffset at, string reason)
    {
        const string action = "reject";
        Require(action, Status is WorkOrderStatus.Detected or WorkOrderStatus.Dispatched or WorkOrderStatus.Accepted or WorkOrderStatus.InProgress or WorkOrderStatus.Escalated,
            "only an order not yet resolved can be rejected");
        Require(action, !string.IsNullOrWhiteSpace(reason), "a reason is required");
        if (!by.IsStaff) RequireAssigned(action, by.Id);
        return Transition(WorkOrderEventTypes.Rejected, WorkOrderStatus.Rejected, by, at, null, reason);
    }

    /// <summary>
    /// The assigned steward thinks it is a false alarm: an event records the proposal and its reason, the state stays
    /// as it is, and a dispatcher decides (reject or not).
    /// </summary>
    public WorkOrderEvent ProposeRejection(Actor by, DateTimeOffset at, string reason, GeoPoint? where = null, IReadOnlyList<string>? evidence = null)
    {
        const string action = "propose_reject";
        Require(action, Status is WorkOrderStatus.Dispatched or WorkOrderStatus.Accepted or WorkOrderStatus.InProgress or WorkOrderStatus.Escalated,
            "only an order assigned and not yet resolved can be proposed for rejection");
        Require(action, !string.IsNullOrWhiteSpace(reason), "a reason is required");
        RequireAssigned(action, by.Id);
        var e = Append(WorkOrderEventTypes.RejectionProposed, Status, by, at, where, reason, evidence);
        _state = _state with { UpdatedAt = at };
        return e;
    }

    /// <summary>An SLA was breached. The order keeps its steward (if any) and can still be dispatched again.</summary>
    public WorkOrderEvent Escalate(DateTimeOffset at, string reason, Actor? by = null)
    {
        const string action = "escalate";
        Require(action, Status is WorkOrderStatus.Detected or WorkOrderStatus.Dispatched or WorkOrderStatus.Accepted or WorkOrderStatus.InProgress,
            Status == WorkOrderStatus.Escalated ? "it is already escalated" : "only an order still being worked on can be escalated");
        Require(action, !string.IsNullOrWhiteSpace(reason), "a reason is required");
        return Transition(WorkOrderEventTypes.Escalated, WorkOrderStatus.Escalated, by ?? Actor.System, at, null, reason);
    }

    /// <summary>The problem is back (a patrol still sees it) or the rejection was wrong: the order waits for dispatch again with fresh SLA clocks.</summary>
    public WorkOrderEvent Reopen(Actor by, DateTimeOffset at, string? note, GeoPoint? where = null, IReadOnlyList<string>? evidence = null)
    {
        const string action = "reopen";
        Require(action, Status is WorkOrderStatus.Resolved or WorkOrderStatus.Verified or WorkOrderStatus.Rejected,
            Status == WorkOrderStatus.Closed ? "closed orders are final; a new sighting opens a new order" : "only resolved, verified or rejected orders can be reopened");
        Require(action, by.Role != ActorRoles.Citizen, "citizens report again instead of reopening");
        var (dispatchSla, resolveSla) = (DispatchDueAt - ClockStartedAt, ResolveDueAt - ClockStartedAt);
        _state = _state with { DispatchDueAt = at + dispatchSla, ResolveDueAt = at + resolveSla, AssignedStewardId = null };
        return Transition(WorkOrderEventTypes.Reopened, WorkOrderStatus.Detected, by, at, where, note, evidence);
    }

    /// <summary>Occurrence events kept in the history; later sightings only update the count, ids and last seen.</summary>
    public const int MaxOccurrenceEvents = 50;

    /// <summary>Attaches another sighting of the same problem. Returns false (and changes nothing) when it is already attached.</summary>
    public bool RecordOccurrence(Incident incident)
    {
        if (incident.DistrictId != DistrictId || incident.CategoryCode != CategoryCode)
            throw new ArgumentException($"Incident {incident.Id} ({incident.DistrictId}/{incident.CategoryCode}) does not belong to order {Id} ({DistrictId}/{CategoryCode}).", nameof(incident));
        if (IncidentIds.Contains(incident.Id)) return false;
        _state = _state with
        {
            IncidentIds = [.. IncidentIds, incident.Id],
            OccurrenceCount = IncidentIds.Count + 1,
            LastSeenAt = incident.ObservedAt > LastSeenAt ? incident.ObservedAt : LastSeenAt,
            Congestion = Congestion || incident.Congestion,
            UpdatedAt = UpdatedAt < incident.ObservedAt ? incident.ObservedAt : UpdatedAt,
        };
        // A fixed camera can see one problem every few minutes for days: the count and ids keep growing,
        // the history keeps the first sightings only, so the document stays well under Cosmos DB's 2 MB.
        if (Events.Count(e => e.Type == WorkOrderEventTypes.Occurrence) < MaxOccurrenceEvents)
            Append(WorkOrderEventTypes.Occurrence, Status, new Actor(incident.DeviceId ?? incident.Provider, incident.Source.ToString()), incident.ObservedAt, incident.Location, incident.Id);
        return true;
    }

    /// <summary>
    /// Why the order should be escalated at <paramref name="now"/>, or null. Each deadline escalates once:
    /// an order escalated after a deadline and dispatched again is not escalated for it again.
    /// </summary>
    public string? OverdueReason(DateTimeOffset now)
    {
        if (Status is WorkOrderStatus.Detected && now > DispatchDueAt && !(EscalatedAt >= DispatchDueAt))
            return FormattableString.Invariant($"no steward dispatched within {DispatchSlaMinutes} min (due {DispatchDueAt:O})");
        if (Status is WorkOrderStatus.Detected or WorkOrderStatus.Dispatched or WorkOrderStatus.Accepted or WorkOrderStatus.InProgress
            && now > ResolveDueAt && !(EscalatedAt >= ResolveDueAt))
            return FormattableString.Invariant($"not resolved within {ResolveSlaMinutes} min (due {ResolveDueAt:O})");
        return null;
    }

    /// <summary>True when the assigned steward has not accepted within the dispatch SLA since the (re)assignment.</summary>
    public bool AcceptanceOverdue(DateTimeOffset now) =>
        Status == WorkOrderStatus.Dispatched && DispatchedAt is { } d && AcceptedAt is null && now > d.AddMinutes(DispatchSlaMinutes);

    private void RequireAssigned(string action, string stewardId) =>
        Require(action, AssignedStewardId == stewardId,
            AssignedStewardId is null ? "no steward is assigned" : $"only the assigned steward ({AssignedStewardId}) may {action} it, not {stewardId}");

    private void Require(string action, bool condition, string reason)
    {
        if (!condition) throw new InvalidTransitionException(Status, action, reason);
    }

    private WorkOrderEvent Transition(string type, WorkOrderStatus to, Actor by, DateTimeOffset at, GeoPoint? where, string? note, IReadOnlyList<string>? evidence = null)
    {
        var e = Append(type, to, by, at, where, note, evidence);
        _state = _state with { Status = to, UpdatedAt = at };
        return e;
    }

    private WorkOrderEvent Append(string type, WorkOrderStatus to, Actor by, DateTimeOffset at, GeoPoint? where, string? note, IReadOnlyList<string>? evidence = null)
    {
        var e = new WorkOrderEvent { Type = type, From = Status, To = to, By = by, At = at, Where = where, Note = note, Evidence = evidence ?? [] };
        _state = _state with { Events = [.. Events, e] };
        return e;
    }
}
