using Yunbao.Contracts.Geo;
using Yunbao.Domain.Dispatch;
using Yunbao.Domain.Stewards;
using Yunbao.Domain.WorkOrders;
using static Yunbao.Domain.Tests.TestWorld;

namespace Yunbao.Domain.Tests;

public sealed class NearestStewardDispatcherTests
{
    private static readonly NearestStewardDispatcher Dispatcher = new(new StraightLineDistance());

    private static Steward At(string id, double metersEast, int capacity = 3, bool available = true) => new()
    {
        Id = id, DistrictId = "lize", Name = id, Capacity = capacity, Available = available,
        Location = Net.Projection.Offset(RoadwayPoint, 90, metersEast), LastSeenAt = Morning,
    };

    // Everyone in these tests reported at Morning; a 15-minute staleness window.
    private static readonly DateTimeOffset HeardSince = Morning.AddMinutes(-15);

    private static WorkOrder Order() => WorkOrder.Open(Sighting("road-damage", RoadwayPoint, Morning), Categories.Get("road-damage"), Morning);

    [Fact]
    public void Nearest_available_steward_gets_the_order() =>
        Assert.Equal("near", Dispatcher.Choose(Order(), [At("far", 800), At("near", 100), At("mid", 300)], HeardSince)?.Id);

    [Fact]
    public void Stewards_at_capacity_or_unavailable_are_skipped()
    {
        var full = At("full", 10, capacity: 1);
        full.ActiveOrderIds.Add("wo-x");
        Assert.Equal("free", Dispatcher.Choose(Order(), [full, At("away", 20, available: false), At("free", 500)], HeardSince)?.Id);
    }

    [Fact]
    public void A_steward_whose_phone_went_quiet_is_not_dispatched_to_however_near()
    {
        var quiet = At("quiet", 10);
        quiet.LastSeenAt = HeardSince.AddSeconds(-1);
        var justInTime = At("just-in-time", 600);
        justInTime.LastSeenAt = HeardSince;
        Assert.Equal("just-in-time", Dispatcher.Choose(Order(), [quiet, justInTime, At("far", 900)], HeardSince)?.Id);
        Assert.Null(Dispatcher.Choose(Order(), [quiet], HeardSince));
    }

    [Fact]
    public void Nobody_free_means_no_dispatch()
    {
        var full = At("full", 10, capacity: 1);
        full.ActiveOrderIds.Add("wo-x");
        Assert.Null(Dispatcher.Choose(Order(), [full], HeardSince));
    }

    [Fact]
    public void Dispatch_not_accepted_within_the_sla_moves_to_the_next_nearest_steward()
    {
        var order = Order();
        var near = At("near", 100);
        order.Dispatch(near, Morning, Actor.System);
        near.ActiveOrderIds.Add(order.Id);
        var stewards = new[] { near, At("next", 300), At("far", 900) };
        Assert.Null(Dispatcher.ChooseReassignment(order, stewards, Morning.AddMinutes(order.DispatchSlaMinutes - 1), HeardSince));
        var next = Dispatcher.ChooseReassignment(order, stewards, Morning.AddMinutes(order.DispatchSlaMinutes + 1), HeardSince);
        Assert.Equal("next", next?.Id);
    }

    [Fact]
    public void Road_distance_seam_can_prefer_a_steward_closer_by_road()
    {
        // Straight line says A; a road-distance provider that says otherwise changes the choice.
        var a = At("a", 50);
        var b = At("b", 200);
        var roads = new FixedDistance(new() { ["a"] = 900, ["b"] = 250 }, [a, b]);
        Assert.Equal("b", new NearestStewardDispatcher(roads).Choose(Order(), [a, b], HeardSince)?.Id);
        Assert.Equal("a", Dispatcher.Choose(Order(), [a, b], HeardSince)?.Id);
    }

    [Fact]
    public void Street_network_distance_is_never_shorter_than_straight_line()
    {
        var from = Net.GetStreet("fenghuangzui-st").Path.PointAt(300);
        var to = Net.GetStreet("lize-rd").Path.PointAt(1500);
        Assert.True(new StreetNetworkDistance(Net).Meters(from, to) >= from.DistanceTo(to) - 1);
    }

    private sealed class FixedDistance(Dictionary<string, double> byStewardId, Steward[] stewards) : IRoadDistance
    {
        public double Meters(GeoPoint from, GeoPoint to) => byStewardId[stewards.Single(s => s.Location == from).Id];
    }
}
