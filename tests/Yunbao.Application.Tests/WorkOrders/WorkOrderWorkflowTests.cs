using Yunbao.Application;
using Yunbao.Application.Stewards;
using Yunbao.Application.WorkOrders;
using Yunbao.Domain.WorkOrders;

namespace Yunbao.Application.Tests;

public sealed class WorkOrderWorkflowTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly Actor Dispatcher = new("disp-1", ActorRoles.Dispatcher);

    private static async Task<string> OpenOrderAsync(ServiceWorld w) =>
        Assert.Single((await w.FrameService.ProcessFrameAsync(w.Frame(ServiceWorld.Manhole()), Ct)).WorkOrdersOpened);

    [Fact]
    public async Task Transition_with_a_stale_etag_conflicts_and_changes_nothing()
    {
        using var w = new ServiceWorld();
        await w.AddStewardAsync("s1", 100);
        var id = await OpenOrderAsync(w);
        var stale = (await w.OrderAsync(id))!.ETag;
        await w.TransitionAsync(id, WorkOrderAction.Accept, Actor.Steward("s1"));

        var outcome = await w.Transitions.TransitionAsync(new WorkOrderTransition
        {
            DistrictId = "lize", WorkOrderId = id, Action = WorkOrderAction.Reject, By = Dispatcher, IfMatch = stale, Note = "dup",
        }, Ct);
        Assert.Equal((await w.OrderAsync(id))!.ETag, Assert.IsType<TransitionOutcome.Stale>(outcome).CurrentETag);
        Assert.Equal(WorkOrderStatus.Accepted, (await w.OrderAsync(id))!.Status);
    }

    [Fact]
    public async Task Second_steward_accepting_with_the_same_etag_is_refused()
    {
        using var w = new ServiceWorld();
        await w.AddStewardAsync("s1", 100);
        var id = await OpenOrderAsync(w);
        var etag = (await w.OrderAsync(id))!.ETag;
        Assert.IsType<TransitionOutcome.Ok>(await w.Transitions.TransitionAsync(new WorkOrderTransition { DistrictId = "lize", WorkOrderId = id, Action = WorkOrderAction.Accept, By = Actor.Steward("s1"), IfMatch = etag }, Ct));
        Assert.IsType<TransitionOutcome.Stale>(
            await w.Transitions.TransitionAsync(new WorkOrderTransition { DistrictId = "lize", WorkOrderId = id, Action = WorkOrderAction.Accept, By = Actor.Steward("s1"), IfMatch = etag }, Ct));
    }

    [Fact]
    public async Task Unknown_order_is_reported_as_not_found()
    {
        using var w = new ServiceWorld();
        Assert.IsType<TransitionOutcome.NotFound>(await w.TryTransitionAsync("wo-missing", WorkOrderAction.Accept, Actor.Steward("s1")));
    }

    [Fact]
    public async Task Illegal_transition_through_the_service_is_refused_and_nothing_is_written()
    {
        using var w = new ServiceWorld();
        await w.AddStewardAsync("s1", 100);
        var id = await OpenOrderAsync(w);
        var writes = w.Orders.Writes;
        var e = Assert.IsType<TransitionOutcome.Invalid>(await w.TryTransitionAsync(id, WorkOrderAction.Accept, Actor.Steward("intruder")));
        Assert.Contains("only the assigned steward", e.Reason);
        Assert.Equal(writes, w.Orders.Writes);
    }

    [Fact]
    public async Task Steward_active_orders_follow_dispatch_resolve_and_reject()
    {
        using var w = new ServiceWorld();
        await w.AddStewardAsync("s1", 100);
        var a = await OpenOrderAsync(w);
        w.Clock.Advance(TimeSpan.FromMinutes(1));
        var b = Assert.Single((await w.FrameService.ProcessFrameAsync(w.Frame(ServiceWorld.Manhole(TestWorld.Luotuowan(800, -5))), Ct)).WorkOrdersOpened);
        Assert.Equal(new[] { a, b }.Order(), (await w.StewardAsync("s1"))!.ActiveOrderIds.Order());

        await w.ResolveAsync(a);
        Assert.Equal([b], (await w.StewardAsync("s1"))!.ActiveOrderIds);
        await w.TransitionAsync(b, WorkOrderAction.Reject, Actor.Steward("s1"), note: "cover is there");
        Assert.Empty((await w.StewardAsync("s1"))!.ActiveOrderIds);
    }

    [Fact]
    public async Task Order_waiting_for_a_full_steward_is_dispatched_when_they_finish_another()
    {
        using var w = new ServiceWorld();
        await w.AddStewardAsync("s1", 100, capacity: 1);
        var first = await OpenOrderAsync(w);
        var second = Assert.Single((await w.FrameService.ProcessFrameAsync(w.Frame(ServiceWorld.Manhole(TestWorld.Luotuowan(800, -5))), Ct)).WorkOrdersOpened);
        Assert.Equal(WorkOrderStatus.Detected, (await w.OrderAsync(second))!.Status);

        await w.ResolveAsync(first);

        var waiting = (await w.OrderAsync(second))!;
        Assert.Equal((WorkOrderStatus.Dispatched, "s1"), (waiting.Status, waiting.AssignedStewardId));
    }

    [Fact]
    public async Task Dispatch_not_accepted_in_time_is_reassigned_to_the_next_nearest_steward()
    {
        using var w = new ServiceWorld();
        await w.AddStewardAsync("near", 100);
        await w.AddStewardAsync("next", 400);
        var id = await OpenOrderAsync(w);
        var sla = (await w.OrderAsync(id))!.DispatchSlaMinutes;

        w.Clock.Advance(TimeSpan.FromMinutes(sla + 1));
        // "next"'s phone kept reporting (a steward heard from within the staleness window); "near" let it lapse.
        var next = (await w.StewardAsync("next"))!;
        await w.StewardService.HeartbeatAsync("lize", "next", next.Location, null, Ct);
        var sweep = await w.Sla.EnforceSlasAsync("lize", Ct);

        Assert.Equal(1, sweep.Reassigned);
        var order = (await w.OrderAsync(id))!;
        Assert.Equal(("next", "reassigned"), (order.AssignedStewardId, order.Events[^1].Type));
        Assert.Empty((await w.StewardAsync("near"))!.ActiveOrderIds);
        Assert.Equal([id], (await w.StewardAsync("next"))!.ActiveOrderIds);
    }

    [Fact]
    public async Task A_steward_whose_phone_stopped_reporting_gets_no_order_until_it_reports_again()
    {
        using var w = new ServiceWorld();
        await w.AddStewardAsync("quiet", 50);
        // Longer than the staleness window (StewardPresenceOptions, 15 min) without a heartbeat.
        w.Clock.Advance(TimeSpan.FromMinutes(16));
        var id = await OpenOrderAsync(w);
        Assert.Equal(WorkOrderStatus.Detected, (await w.OrderAsync(id))!.Status);
        Assert.Equal(0, (await w.Sla.EnforceSlasAsync("lize", Ct)).Dispatched);
        Assert.Empty((await w.StewardAsync("quiet"))!.ActiveOrderIds);

        // The phone reports again: that heartbeat dispatches the waiting order to them, without waiting for the sweep.
        await w.StewardService.HeartbeatAsync("lize", "quiet", ServiceWorld.RightOfCar, null, Ct);
        var order = (await w.OrderAsync(id))!;
        Assert.Equal((WorkOrderStatus.Dispatched, "quiet"), (order.Status, order.AssignedStewardId));
    }

    [Fact]
    public async Task A_lapsed_dispatch_is_not_moved_to_a_steward_who_went_quiet()
    {
        using var w = new ServiceWorld();
        await w.AddStewardAsync("near", 100);
        await w.AddStewardAsync("gone-quiet", 200);
        var id = await OpenOrderAsync(w);
        Assert.Equal("near", (await w.OrderAsync(id))!.AssignedStewardId);
        w.Clock.Advance(TimeSpan.FromMinutes(Math.Max(16, (await w.OrderAsync(id))!.DispatchSlaMinutes + 1)));

        var sweep = await w.Sla.EnforceSlasAsync("lize", Ct);
        Assert.Equal((0, 1), (sweep.Reassigned, sweep.Escalated));
        Assert.Empty((await w.StewardAsync("gone-quiet"))!.ActiveOrderIds);
    }

    [Fact]
    public async Task Order_nobody_can_take_is_escalated_after_the_dispatch_sla_and_dispatched_when_a_steward_appears()
    {
        using var w = new ServiceWorld();
        var id = await OpenOrderAsync(w);
        var order = (await w.OrderAsync(id))!;
        w.Clock.Advance(TimeSpan.FromMinutes(order.DispatchSlaMinutes + 1));

        var sweep = await w.Sla.EnforceSlasAsync("lize", Ct);
        Assert.Equal(1, sweep.Escalated);
        Assert.Equal(WorkOrderStatus.Escalated, (await w.OrderAsync(id))!.Status);
        Assert.Equal(0, (await w.Sla.EnforceSlasAsync("lize", Ct)).Escalated); // once per deadline

        // The late shift is registered but off duty; their phone then reports them available.
        await w.AddStewardAsync("late-shift", 0, available: false);
        Assert.Equal(WorkOrderStatus.Escalated, (await w.OrderAsync(id))!.Status);
        await w.StewardService.HeartbeatAsync("lize", "late-shift", ServiceWorld.RightOfCar, true, Ct);
        var dispatched = (await w.OrderAsync(id))!;
        Assert.Equal((WorkOrderStatus.Dispatched, "late-shift"), (dispatched.Status, dispatched.AssignedStewardId));
    }

    [Fact]
    public async Task A_heartbeat_for_an_unregistered_steward_is_refused_and_registers_nobody()
    {
        using var w = new ServiceWorld();
        var id = await OpenOrderAsync(w);
        var refused = await Assert.ThrowsAsync<UnprocessableInputException>(() =>
            w.StewardService.HeartbeatAsync("lize", "ghost", ServiceWorld.RightOfCar, true, Ct));
        Assert.Contains("not registered", refused.Message, StringComparison.Ordinal);
        Assert.Null(await w.StewardAsync("ghost"));
        Assert.Equal(WorkOrderStatus.Detected, (await w.OrderAsync(id))!.Status);   // nobody took the waiting order
    }

    [Fact]
    public async Task Unavailable_steward_gets_nothing_until_they_report_available()
    {
        using var w = new ServiceWorld();
        await w.AddStewardAsync("s1", 100, available: false);
        var id = await OpenOrderAsync(w);
        Assert.Equal(WorkOrderStatus.Detected, (await w.OrderAsync(id))!.Status);

        var s = await w.StewardService.HeartbeatAsync("lize", "s1", ServiceWorld.RightOfCar, true, Ct);

        Assert.Equal([id], s.ActiveOrderIds);
        Assert.Equal(w.Clock.GetUtcNow(), s.LastSeenAt);
    }

    [Fact]
    public async Task Dispatcher_can_dispatch_to_a_named_steward()
    {
        using var w = new ServiceWorld();
        await w.AddStewardAsync("near", 100);
        await w.AddStewardAsync("chosen", 800);
        var id = await OpenOrderAsync(w);
        var order = await w.TransitionAsync(id, WorkOrderAction.Dispatch, Dispatcher, stewardId: "chosen");
        Assert.Equal("chosen", order.AssignedStewardId);
        Assert.Empty((await w.StewardAsync("near"))!.ActiveOrderIds);
    }

    [Fact]
    public async Task Reseeding_the_roster_keeps_live_steward_state()
    {
        using var w = new ServiceWorld();
        await w.AddStewardAsync("s1", 100);
        var id = await OpenOrderAsync(w);
        var created = await w.StewardService.EnsureStewardsAsync([new Yunbao.Domain.Stewards.Steward { Id = "s1", DistrictId = "lize", Name = "s1" }], Ct);
        Assert.Equal(0, created);
        Assert.Equal([id], (await w.StewardAsync("s1"))!.ActiveOrderIds);
    }

    [Fact]
    public async Task Two_views_of_one_stall_processed_in_parallel_open_one_order()
    {
        using var w = new ServiceWorld();
        // Both incidents are stored before either is evaluated: the worst interleaving of two parallel frames.
        var front = TestWorld.Sighting("street-vending", TestWorld.SidewalkPoint, TestWorld.Morning, "patrol-01/000009-front.jpg");
        var right = TestWorld.Sighting("street-vending", TestWorld.SidewalkPoint, TestWorld.Morning, "patrol-01/000009-right.jpg");
        await w.Incidents.TryAddAsync(front, Ct);
        await w.Incidents.TryAddAsync(right, Ct);

        var bothArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var arrivals = 0;
        w.Incidents.BeforeListRecent = () =>
        {
            if (Interlocked.Increment(ref arrivals) == 2) bothArrived.SetResult();
            return bothArrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
        };

        var results = await Task.WhenAll(
            Task.Run(() => w.Intake.RecordIncidentAsync(front, Ct)),
            Task.Run(() => w.Intake.RecordIncidentAsync(right, Ct)));
        var (a, b) = (results[0], results[1]);

        Assert.Equal(a.WorkOrderId, b.WorkOrderId);
        Assert.True(a.WorkOrderOpened ^ b.WorkOrderOpened);
        Assert.Equal(2, Assert.Single(w.Orders.All).OccurrenceCount);
    }

    [Fact]
    public void AddYunbaoApplication_resolves_every_service_and_keeps_the_host_clock()
    {
        using var w = new ServiceWorld();
        Assert.NotNull(w.FrameService);
        Assert.NotNull(w.Telemetry);
        Assert.NotNull(w.StewardService);
        Assert.Same(w.Clock, w.Services.GetService(typeof(TimeProvider)));
    }
}

