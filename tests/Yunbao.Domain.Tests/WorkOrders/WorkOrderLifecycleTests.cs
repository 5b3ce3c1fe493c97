using Yunbao.Domain.Catalog;
using Yunbao.Domain.Stewards;
using Yunbao.Domain.WorkOrders;
using static Yunbao.Domain.Tests.TestWorld;

namespace Yunbao.Domain.Tests;

public sealed class WorkOrderLifecycleTests
{
    private static readonly DateTimeOffset T0 = Morning;
    private static readonly Actor Dispatcher = new("disp-1", ActorRoles.Dispatcher);

    private static Steward Steward(string id = "s1", int capacity = 3) =>
        new() { Id = id, DistrictId = "lize", Name = id, Location = SidewalkPoint, Capacity = capacity };

    private static WorkOrder NewOrder(string category = "road-damage") =>
        WorkOrder.Open(Sighting(category, RoadwayPoint, T0), Categories.Get(category), T0);

    private static WorkOrder InProgress(string steward = "s1")
    {
        var o = NewOrder();
        o.Dispatch(Steward(steward), T0.AddMinutes(1), Actor.System);
        o.Accept(steward, T0.AddMinutes(2));
        o.Start(steward, T0.AddMinutes(3));
        return o;
    }

    [Fact]
    public void Open_sets_sla_clocks_from_the_category_and_records_detection()
    {
        var cat = Categories.Get("road-damage");
        var o = NewOrder();
        Assert.Equal(WorkOrderStatus.Detected, o.Status);
        Assert.Equal(T0.AddMinutes(cat.DispatchSlaMinutes), o.DispatchDueAt);
        Assert.Equal(T0.AddMinutes(cat.ResolveSlaMinutes), o.ResolveDueAt);
        Assert.Equal(cat.DefaultSeverity, o.Severity);
        Assert.Equal(WorkOrderEventTypes.Detected, Assert.Single(o.Events).Type);
        Assert.Equal(1, o.OccurrenceCount);
    }

    [Fact]
    public void Order_id_derives_from_the_first_incident_so_a_redelivered_incident_opens_the_same_order()
    {
        var incident = Sighting("road-damage", RoadwayPoint, T0);
        Assert.Equal(WorkOrder.Open(incident, Categories.Get("road-damage"), T0).Id, WorkOrder.Open(incident, Categories.Get("road-damage"), T0.AddHours(1)).Id);
    }

    [Fact]
    public void Congestion_raises_severity_one_step()
    {
        var incident = Sighting("illegal-parking", RoadwayPoint, T0) with { Congestion = true };
        Assert.Equal(Severity.High, WorkOrder.Open(incident, Categories.Get("illegal-parking"), T0).Severity);
    }

    [Fact]
    public void Full_lifecycle_appends_one_event_per_transition_with_who_when_where_and_evidence()
    {
        var o = InProgress();
        o.Resolve(Actor.Steward("s1"), T0.AddMinutes(20), "filled", ["evidence/a.jpg"], SidewalkPoint);
        o.Verify(Actor.Patrol("patrol-01"), T0.AddMinutes(40));
        o.Close(Dispatcher, T0.AddMinutes(41), "done");
        Assert.Equal(WorkOrderStatus.Closed, o.Status);
        Assert.Equal(
            ["detected", "dispatched", "accepted", "started", "resolved", "verified", "closed"],
            o.Events.Select(e => e.Type));
        var resolved = o.Events.Single(e => e.Type == "resolved");
        Assert.Equal((WorkOrderStatus.InProgress, WorkOrderStatus.Resolved), (resolved.From, resolved.To));
        Assert.Equal("s1", resolved.By.Id);
        Assert.Equal(["evidence/a.jpg"], resolved.Evidence);
        Assert.Equal(SidewalkPoint, resolved.Where);
        Assert.Equal(T0.AddMinutes(41), o.UpdatedAt);
        Assert.False(o.IsOpen);
    }

    [Fact]
    public void Accept_by_unassigned_steward_is_refused()
    {
        var o = NewOrder();
        o.Dispatch(Steward("s1"), T0, Actor.System);
        var e = Assert.Throws<InvalidTransitionException>(() => o.Accept("s2", T0));
        Assert.Contains("only the assigned steward (s1)", e.Reason);
        Assert.Equal(WorkOrderStatus.Dispatched, o.Status);
        Assert.Equal(2, o.Events.Count);
    }

    [Fact]
    public void Accept_before_dispatch_is_refused() =>
        Assert.Throws<InvalidTransitionException>(() => NewOrder().Accept("s1", T0));

    [Fact]
    public void Resolve_before_work_started_is_refused()
    {
        var o = NewOrder();
        o.Dispatch(Steward(), T0, Actor.System);
        o.Accept("s1", T0);
        Assert.Throws<InvalidTransitionException>(() => o.Resolve(Actor.Steward("s1"), T0, null, null));
    }

    [Fact]
    public void Steward_cannot_verify_their_own_work()
    {
        var o = InProgress();
        o.Resolve(Actor.Steward("s1"), T0.AddMinutes(5), null, null);
        var e = Assert.Throws<InvalidTransitionException>(() => o.Verify(Actor.Steward("s1"), T0.AddMinutes(6)));
        Assert.Contains("not by the steward", e.Reason);
    }

    [Fact]
    public void Close_before_verification_is_refused()
    {
        var o = InProgress();
        o.Resolve(Actor.Steward("s1"), T0.AddMinutes(5), null, null);
        Assert.Throws<InvalidTransitionException>(() => o.Close(Dispatcher, T0.AddMinutes(6)));
    }

    [Fact]
    public void Closed_order_cannot_be_reopened()
    {
        var o = InProgress();
        o.Resolve(Actor.Steward("s1"), T0.AddMinutes(5), null, null);
        o.Verify(Dispatcher, T0.AddMinutes(6));
        o.Close(Dispatcher, T0.AddMinutes(7));
        var e = Assert.Throws<InvalidTransitionException>(() => o.Reopen(Dispatcher, T0.AddMinutes(8), "again"));
        Assert.Contains("final", e.Message);
    }

    [Fact]
    public void Reject_marks_a_false_alarm_and_needs_a_reason()
    {
        var o = NewOrder();
        Assert.Throws<InvalidTransitionException>(() => o.Reject(Dispatcher, T0, " "));
        o.Reject(Dispatcher, T0, "shadow, not a pothole");
        Assert.Equal(WorkOrderStatus.Rejected, o.Status);
        Assert.False(o.IsOpen);
        Assert.Throws<InvalidTransitionException>(() => o.Dispatch(Steward(), T0, Dispatcher));
    }

    [Fact]
    public void Assigned_steward_may_reject_on_site_but_another_steward_may_not()
    {
        var o = NewOrder();
        o.Dispatch(Steward("s1"), T0, Actor.System);
        Assert.Throws<InvalidTransitionException>(() => o.Reject(Actor.Steward("s2"), T0, "nothing there"));
        o.Reject(Actor.Steward("s1"), T0, "nothing there");
        Assert.Equal(WorkOrderStatus.Rejected, o.Status);
    }

    [Fact]
    public void Rejected_order_can_be_reopened_and_waits_for_dispatch_with_fresh_sla()
    {
        var o = NewOrder();
        o.Reject(Dispatcher, T0, "looked fine");
        o.Reopen(Dispatcher, T0.AddHours(2), "citizen complained again");
        Assert.Equal(WorkOrderStatus.Detected, o.Status);
        Assert.Equal(T0.AddHours(2).AddMinutes(o.DispatchSlaMinutes), o.DispatchDueAt);
        Assert.True(o.AwaitsDispatch);
    }

    [Fact]
    public void Escalated_order_can_be_dispatched_again_and_worked_to_the_end()
    {
        var o = NewOrder();
        o.Escalate(T0.AddMinutes(31), "no steward dispatched");
        Assert.Equal(WorkOrderStatus.Escalated, o.Status);
        Assert.Throws<InvalidTransitionException>(() => o.Escalate(T0.AddMinutes(32), "again"));
        o.Dispatch(Steward("s2"), T0.AddMinutes(33), Dispatcher);
        o.Accept("s2", T0.AddMinutes(34));
        o.Start("s2", T0.AddMinutes(35));
        o.Resolve(Actor.Steward("s2"), T0.AddMinutes(50), null, null);
        Assert.Equal(WorkOrderStatus.Resolved, o.Status);
    }

    [Fact]
    public void Steward_on_an_escalated_order_can_still_finish_it()
    {
        var o = InProgress();
        o.Escalate(T0.AddDays(2), "resolve SLA breached");
        Assert.True(o.OccupiesSteward);
        o.Resolve(Actor.Steward("s1"), T0.AddDays(2).AddMinutes(5), "done late", null);
        Assert.Equal(WorkOrderStatus.Resolved, o.Status);
    }

    [Fact]
    public void Reassigning_a_dispatched_order_records_who_it_moved_from()
    {
        var o = NewOrder();
        o.Dispatch(Steward("s1"), T0, Actor.System);
        Assert.Throws<InvalidTransitionException>(() => o.Dispatch(Steward("s1"), T0.AddMinutes(1), Actor.System));
        var e = o.Dispatch(Steward("s2"), T0.AddMinutes(11), Actor.System);
        Assert.Equal(WorkOrderEventTypes.Reassigned, e.Type);
        Assert.Equal("s2", o.AssignedStewardId);
        Assert.Equal(T0.AddMinutes(11), o.DispatchedAt);
    }

    [Fact]
    public void Dispatch_to_a_steward_at_capacity_or_unavailable_is_refused()
    {
        var full = Steward("s1", capacity: 1);
        full.ActiveOrderIds.Add("wo-other");
        Assert.Contains("capacity", Assert.Throws<InvalidTransitionException>(() => NewOrder().Dispatch(full, T0, Actor.System)).Reason);
        var away = Steward("s2");
        away.Available = false;
        Assert.Contains("not available", Assert.Throws<InvalidTransitionException>(() => NewOrder().Dispatch(away, T0, Actor.System)).Reason);
    }

    [Fact]
    public void Patrol_still_seeing_the_problem_reopens_a_resolved_order()
    {
        var o = InProgress();
        o.Resolve(Actor.Steward("s1"), T0.AddMinutes(5), null, null);
        o.Reopen(Actor.Patrol("patrol-01"), T0.AddMinutes(30), "still there", RoadwayPoint, ["frames/x.jpg"]);
        Assert.Equal(WorkOrderStatus.Detected, o.Status);
        Assert.Null(o.AssignedStewardId);
        Assert.Equal("patrol:patrol-01", o.Events[^1].By.Id);
    }

    [Fact]
    public void Recording_the_same_incident_twice_counts_it_once()
    {
        var o = NewOrder();
        var again = Sighting("road-damage", RoadwayPoint, T0.AddMinutes(10), "frame-2");
        Assert.True(o.RecordOccurrence(again));
        Assert.False(o.RecordOccurrence(again));
        Assert.Equal(2, o.OccurrenceCount);
        Assert.Equal(T0.AddMinutes(10), o.LastSeenAt);
        Assert.Equal(2, o.IncidentIds.Distinct().Count());
        Assert.Throws<ArgumentException>(() => o.RecordOccurrence(Sighting("manhole-cover", RoadwayPoint, T0)));
    }

    [Fact]
    public void A_problem_seen_for_days_keeps_counting_without_growing_the_history_without_bound()
    {
        var o = NewOrder();
        for (var i = 1; i <= 300; i++) o.RecordOccurrence(Sighting("road-damage", RoadwayPoint, T0.AddMinutes(5 * i), $"cam-{i}"));
        Assert.Equal(301, o.OccurrenceCount);
        Assert.Equal(T0.AddMinutes(1500), o.LastSeenAt);
        Assert.Equal(WorkOrder.MaxOccurrenceEvents, o.Events.Count(e => e.Type == "occurrence"));
    }

    [Fact]
    public void Overdue_orders_escalate_once_per_deadline()
    {
        var o = NewOrder();
        Assert.Null(o.OverdueReason(o.DispatchDueAt));
        var reason = o.OverdueReason(o.DispatchDueAt.AddSeconds(1));
        Assert.Contains("dispatched", reason);
        o.Escalate(o.DispatchDueAt.AddSeconds(1), reason!);
        o.Dispatch(Steward(), o.DispatchDueAt.AddMinutes(1), Dispatcher);
        Assert.Null(o.OverdueReason(o.DispatchDueAt.AddMinutes(2)));
        Assert.Contains("resolved", o.OverdueReason(o.ResolveDueAt.AddSeconds(1)));
    }

    [Fact]
    public void Acceptance_is_overdue_after_the_dispatch_sla_since_assignment()
    {
        var o = NewOrder();
        o.Dispatch(Steward(), T0.AddMinutes(5), Actor.System);
        Assert.False(o.AcceptanceOverdue(T0.AddMinutes(5 + o.DispatchSlaMinutes)));
        Assert.True(o.AcceptanceOverdue(T0.AddMinutes(6 + o.DispatchSlaMinutes)));
    }
}
