using Yunbao.Domain.Incidents;
using Yunbao.Domain.WorkOrders;
using static Yunbao.Domain.Tests.TestWorld;

namespace Yunbao.Domain.Tests;

public sealed class IncidentDeduplicatorTests
{
    private static readonly IncidentDeduplicator Dedupe = new(Categories);
    // road-damage: 15 m radius, 7-day window.
    private static readonly WorkOrder Order = WorkOrder.Open(Sighting("road-damage", RoadwayPoint, Morning), Categories.Get("road-damage"), Morning);

    private static Incident Near(double meters, TimeSpan after, string category = "road-damage") =>
        Sighting(category, Net.Projection.Offset(RoadwayPoint, 90, meters), Morning + after, $"frame-{meters}-{after.Ticks}");

    [Fact]
    public void Incident_inside_radius_and_window_attaches_to_the_open_order() =>
        Assert.Same(Order, Dedupe.FindMatch(Near(10, TimeSpan.FromHours(1)), [Order]));

    [Fact]
    public void Incident_outside_the_radius_opens_its_own_order() =>
        Assert.Null(Dedupe.FindMatch(Near(20, TimeSpan.FromHours(1)), [Order]));

    [Fact]
    public void Incident_after_the_window_since_last_sighting_opens_its_own_order() =>
        Assert.Null(Dedupe.FindMatch(Near(2, TimeSpan.FromDays(8)), [Order]));

    [Fact]
    public void Window_counts_from_the_last_sighting_not_from_opening()
    {
        var order = WorkOrder.Open(Sighting("road-damage", RoadwayPoint, Morning), Categories.Get("road-damage"), Morning);
        order.RecordOccurrence(Near(1, TimeSpan.FromDays(6)));
        Assert.Same(order, Dedupe.FindMatch(Near(2, TimeSpan.FromDays(12)), [order]));
    }

    [Fact]
    public void Other_category_or_closed_orders_do_not_match()
    {
        Assert.Null(Dedupe.FindMatch(Near(1, TimeSpan.Zero, "manhole-cover"), [Order]));
        var rejected = WorkOrder.Open(Sighting("road-damage", RoadwayPoint, Morning, "f2"), Categories.Get("road-damage"), Morning);
        rejected.Reject(Actor.System, Morning, "false alarm");
        Assert.Null(Dedupe.FindMatch(Near(1, TimeSpan.Zero), [rejected]));
    }

    [Fact]
    public void Nearest_of_several_matching_orders_wins()
    {
        var far = WorkOrder.Open(Sighting("road-damage", Net.Projection.Offset(RoadwayPoint, 90, 12), Morning, "a"), Categories.Get("road-damage"), Morning);
        var near = WorkOrder.Open(Sighting("road-damage", Net.Projection.Offset(RoadwayPoint, 90, 3), Morning, "b"), Categories.Get("road-damage"), Morning);
        Assert.Same(near, Dedupe.FindMatch(Near(0, TimeSpan.Zero), [far, near]));
    }
}
