using Yunbao.Application;
using Yunbao.Domain.WorkOrders;
using static Yunbao.Domain.Tests.TestWorld;

namespace Yunbao.Application.Tests;

public sealed class FrameDetectionServiceTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task Frame_with_a_missing_manhole_cover_opens_and_dispatches_an_order_to_the_nearest_steward()
    {
        using var w = new ServiceWorld();
        await w.AddStewardAsync("far", 900);
        await w.AddStewardAsync("near", 150);
        var blob = w.Frame(ServiceWorld.Manhole());

        var result = await w.FrameService.ProcessFrameAsync(blob, Ct);

        Assert.Equal(("scripted", true, 1, 1, 0), (result.Provider, result.Simulated, result.Detections, result.IncidentsCreated, result.IncidentsAlreadyKnown));
        var order = (await w.OrderAsync(Assert.Single(result.WorkOrdersOpened)))!;
        Assert.Equal(("manhole-cover", WorkOrderStatus.Dispatched, "near"), (order.CategoryCode, order.Status, order.AssignedStewardId));
        Assert.True(order.Simulated);
        Assert.Equal([order.Id], (await w.StewardAsync("near"))!.ActiveOrderIds);
        Assert.Equal(order.Id, Assert.Single(w.Incidents.All).WorkOrderId);
    }

    [Fact]
    public async Task Same_frame_processed_twice_creates_nothing_new()
    {
        using var w = new ServiceWorld();
        await w.AddStewardAsync("s1", 100);
        var blob = w.Frame(ServiceWorld.Manhole());
        await w.FrameService.ProcessFrameAsync(blob, Ct);
        var before = Assert.Single(w.Orders.All);
        var writes = w.Orders.Writes;

        var again = await w.FrameService.ProcessFrameAsync(blob, Ct);

        Assert.Equal((0, 1), (again.IncidentsCreated, again.IncidentsAlreadyKnown));
        Assert.Empty(again.WorkOrdersOpened);
        Assert.Empty(again.WorkOrdersUpdated);
        Assert.Single(w.Incidents.All);
        var after = Assert.Single(w.Orders.All);
        Assert.Equal(before.ETag, after.ETag);
        Assert.Equal(before.Events.Count, after.Events.Count);
        Assert.Equal(writes, w.Orders.Writes);
    }

    [Fact]
    public async Task Missing_frame_is_unprocessable_with_its_name_in_the_reason()
    {
        using var w = new ServiceWorld();
        var e = await Assert.ThrowsAsync<UnprocessableInputException>(() => w.FrameService.ProcessFrameAsync("patrol-01/nope.jpg", Ct));
        Assert.Contains("patrol-01/nope.jpg", e.Message);
    }

    [Fact]
    public async Task Second_sighting_nearby_attaches_to_the_open_order_instead_of_opening_another()
    {
        using var w = new ServiceWorld();
        await w.AddStewardAsync("s1", 100);
        var first = await w.FrameService.ProcessFrameAsync(w.Frame(ServiceWorld.Manhole()), Ct);
        w.Clock.Advance(TimeSpan.FromMinutes(10));
        var second = await w.FrameService.ProcessFrameAsync(w.Frame(ServiceWorld.Manhole(Net.Projection.Offset(ServiceWorld.RightOfCar, 90, 4))), Ct);

        Assert.Empty(second.WorkOrdersOpened);
        Assert.Equal(first.WorkOrdersOpened, second.WorkOrdersUpdated);
        var order = Assert.Single(w.Orders.All);
        Assert.Equal(2, order.OccurrenceCount);
        Assert.Equal(2, w.Incidents.All.Count);
    }

    [Fact]
    public async Task Car_seen_on_two_passes_minutes_apart_opens_one_congestion_order_counting_both_sightings()
    {
        using var w = new ServiceWorld();
        await w.AddStewardAsync("s1", 100);
        var car = Seen("car", Luotuowan(400, -6));

        var pass1 = await w.FrameService.ProcessFrameAsync(w.Frame(car), Ct);
        w.Clock.Advance(TimeSpan.FromMinutes(1));
        var pass2 = await w.FrameService.ProcessFrameAsync(w.Frame(car), Ct);
        Assert.Empty(pass1.WorkOrdersOpened);
        Assert.Empty(pass2.WorkOrdersOpened); // a minute later it may just be waiting in traffic

        w.Clock.Advance(TimeSpan.FromMinutes(3));
        var pass3 = await w.FrameService.ProcessFrameAsync(w.Frame(car), Ct);

        var order = (await w.OrderAsync(Assert.Single(pass3.WorkOrdersOpened)))!;
        Assert.Equal("illegal-parking", order.CategoryCode);
        Assert.True(order.Congestion);
        Assert.Equal(3, order.OccurrenceCount);
        Assert.All(w.Incidents.All, i => Assert.Equal(order.Id, i.WorkOrderId));
    }

    [Fact]
    public async Task Resolved_order_is_verified_by_a_later_clean_pass()
    {
        using var w = new ServiceWorld();
        await w.AddStewardAsync("s1", 100);
        var orderId = Assert.Single((await w.FrameService.ProcessFrameAsync(w.Frame(ServiceWorld.Manhole()), Ct)).WorkOrdersOpened);
        await w.ResolveAsync(orderId);
        Assert.Empty((await w.StewardAsync("s1"))!.ActiveOrderIds);
        w.Clock.Advance(TimeSpan.FromMinutes(20));

        var clean = await w.FrameService.ProcessFrameAsync(w.Frame(), Ct);

        Assert.Contains(orderId, clean.WorkOrdersUpdated);
        var order = (await w.OrderAsync(orderId))!;
        Assert.Equal(WorkOrderStatus.Verified, order.Status);
        var verified = order.Events[^1];
        Assert.Equal(("verified", "patrol:patrol-01"), (verified.Type, verified.By.Id));
        Assert.Single(verified.Evidence);

        // The sweep closes it once the quiet period after verification has passed.
        Assert.Equal(0, (await w.Sla.EnforceSlasAsync("lize", Ct)).Closed);
        w.Clock.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(1, (await w.Sla.EnforceSlasAsync("lize", Ct)).Closed);
        Assert.Equal(WorkOrderStatus.Closed, (await w.OrderAsync(orderId))!.Status);
    }

    [Fact]
    public async Task Resolved_order_is_reopened_and_redispatched_when_a_later_pass_still_sees_the_problem()
    {
        using var w = new ServiceWorld();
        await w.AddStewardAsync("s1", 100);
        var orderId = Assert.Single((await w.FrameService.ProcessFrameAsync(w.Frame(ServiceWorld.Manhole()), Ct)).WorkOrdersOpened);
        await w.ResolveAsync(orderId);
        w.Clock.Advance(TimeSpan.FromMinutes(20));
        await w.StewardReportsAsync("s1");

        var dirty = await w.FrameService.ProcessFrameAsync(w.Frame(ServiceWorld.Manhole()), Ct);

        Assert.Contains(orderId, dirty.WorkOrdersUpdated);
        Assert.Empty(dirty.WorkOrdersOpened);
        var order = (await w.OrderAsync(orderId))!;
        Assert.Contains(order.Events, e => e.Type == "reopened" && e.By.Id == "patrol:patrol-01");
        Assert.Equal(WorkOrderStatus.Dispatched, order.Status);
        Assert.Equal([orderId], (await w.StewardAsync("s1"))!.ActiveOrderIds);
    }

    [Fact]
    public async Task Pass_looking_the_other_way_neither_verifies_nor_reopens()
    {
        using var w = new ServiceWorld();
        await w.AddStewardAsync("s1", 100);
        var orderId = Assert.Single((await w.FrameService.ProcessFrameAsync(w.Frame(ServiceWorld.Manhole()), Ct)).WorkOrdersOpened);
        await w.ResolveAsync(orderId);
        w.Clock.Advance(TimeSpan.FromMinutes(20));
        var blob = "patrol-01/2026/11/25/left.jpg";
        w.Frames.Add(Capture(blob, w.Clock.GetUtcNow(), ServiceWorld.CarPosition, "left"));

        await w.FrameService.ProcessFrameAsync(blob, Ct);

        Assert.Equal(WorkOrderStatus.Resolved, (await w.OrderAsync(orderId))!.Status);
    }

    [Fact]
    public async Task Resolved_parking_order_is_not_reopened_by_one_passing_car_but_is_when_a_car_stays()
    {
        using var w = new ServiceWorld();
        await w.AddStewardAsync("s1", 100);
        var car = Seen("car", Luotuowan(400, -6));
        await w.FrameService.ProcessFrameAsync(w.Frame(car), Ct);
        w.Clock.Advance(TimeSpan.FromMinutes(4));
        var orderId = Assert.Single((await w.FrameService.ProcessFrameAsync(w.Frame(car), Ct)).WorkOrdersOpened);
        await w.ResolveAsync(orderId);

        w.Clock.Advance(TimeSpan.FromMinutes(20));
        await w.FrameService.ProcessFrameAsync(w.Frame(car), Ct);
        Assert.Equal(WorkOrderStatus.Resolved, (await w.OrderAsync(orderId))!.Status); // could be traffic

        w.Clock.Advance(TimeSpan.FromMinutes(4));
        await w.StewardReportsAsync("s1");
        await w.FrameService.ProcessFrameAsync(w.Frame(car), Ct);
        var order = (await w.OrderAsync(orderId))!;
        Assert.Contains(order.Events, e => e.Type == "reopened");
        Assert.Equal(WorkOrderStatus.Dispatched, order.Status);
    }

    [Fact]
    public async Task A_frame_whose_metadata_claims_another_device_than_its_folder_is_refused()
    {
        using var w = new ServiceWorld();
        var blob = "patrol-01/2026/11/25/spoof-right.jpg";
        w.Frames.Add(Capture(blob, w.Clock.GetUtcNow(), ServiceWorld.CarPosition, "right", device: "patrol-02"));
        var e = await Assert.ThrowsAsync<UnprocessableInputException>(() => w.FrameService.ProcessFrameAsync(blob, Ct));
        Assert.Contains("not the uploading device 'patrol-01'", e.Message);
        Assert.Empty(w.Orders.All);
    }

    [Theory]
    [InlineData("../heatmaps/manifest.json", "'..' segment")]
    [InlineData("no-folder.jpg", "device folder")]
    public async Task A_frame_name_outside_the_rules_is_refused_before_the_store_is_asked(string blob, string reason)
    {
        using var w = new ServiceWorld();
        var e = await Assert.ThrowsAsync<UnprocessableInputException>(() => w.FrameService.ProcessFrameAsync(blob, Ct));
        Assert.Contains(reason, e.Message);
    }
}
