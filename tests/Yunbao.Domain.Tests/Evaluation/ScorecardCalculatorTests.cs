using Yunbao.Contracts.Geo;
using Yunbao.Contracts.Simulation;
using Yunbao.Domain.Evaluation;
using Yunbao.Domain.Incidents;
using Yunbao.Domain.WorkOrders;
using static Yunbao.Domain.Tests.TestWorld;

namespace Yunbao.Domain.Tests.Evaluation;

/// <summary>The scorecard's matching rules on hand-made worlds: a caught, a missed, a false order, a merge, a split.</summary>
public sealed class ScorecardCalculatorTests
{
    private static readonly DateTimeOffset From = Morning;
    private static readonly DateTimeOffset To = Morning.AddHours(4);

    private static GroundTruthViolation Truth(string id, string category, GeoPoint at, double startMinutes, double? endMinutes) =>
        new(id, category, at.Lon, at.Lat, From.AddMinutes(startMinutes), endMinutes is { } e ? From.AddMinutes(e) : null);

    /// <summary>An order opened by its sightings (the first names it) at the time of the last one plus a minute.</summary>
    private static (WorkOrder Order, Incident[] Incidents) Order(params Incident[] sightings)
    {
        var order = WorkOrder.Open(sightings[0], Categories.Get(sightings[0].CategoryCode), sightings[^1].ObservedAt.AddMinutes(1));
        foreach (var s in sightings.Skip(1)) order.RecordOccurrence(s);
        return (order, sightings.Select(s => s with { WorkOrderId = order.Id }).ToArray());
    }

    private static WorkOrder VerifiedAt(WorkOrder order, DateTimeOffset at) => WorkOrder.Rehydrate(order.ToSnapshot() with
    {
        Status = WorkOrderStatus.Verified,
        Events = [.. order.Events, new WorkOrderEvent { Type = WorkOrderEventTypes.Verified, From = WorkOrderStatus.Resolved, To = WorkOrderStatus.Verified, By = Actor.System, At = at }],
    });

    private static PipelineScorecard Score(GroundTruthViolation[] truth, params (WorkOrder Order, Incident[] Incidents)[] orders) =>
        ScorecardCalculator.Compute(new SimulatedGroundTruth("lize", From, To, truth), orders.Select(o => o.Order).ToList(),
            orders.SelectMany(o => o.Incidents).ToList(), Categories);

    [Fact]
    public void A_caught_a_missed_and_a_false_order_give_precision_recall_and_f1()
    {
        var bin = Luotuowan(100, 10);
        var pothole = Luotuowan(600, 3);
        var truth = new[]
        {
            Truth("v-bin", "garbage-overflow", bin, 10, null),
            Truth("v-pothole", "road-damage", pothole, 0, null),   // nobody reported it: missed
        };
        var caught = Order(Sighting("garbage-overflow", Luotuowan(105, 10), From.AddMinutes(30)));      // 5 m away, while it stood
        var falseOrder = Order(Sighting("garbage-overflow", Luotuowan(300, 10), From.AddMinutes(40)));  // no bin there
        var card = Score(truth, caught, falseOrder);

        Assert.Equal(SimulatedGroundTruth.Label, card.Label);
        Assert.Equal(new ScorecardRow("all", 2, 1, 1, 2, 1, 0.5, 0.5, 0.5), card.Overall);
        var bins = Assert.Single(card.ByCategory, r => r.Key == "garbage-overflow");
        Assert.Equal((1, 1, 0, 2, 1), (bins.Present, bins.Caught, bins.Missed, bins.Orders, bins.FalseOrders));
        var potholes = Assert.Single(card.ByCategory, r => r.Key == "road-damage");
        Assert.Equal((1, 0, 1, 0), (potholes.Present, potholes.Caught, potholes.Missed, potholes.Orders));
        Assert.Null(potholes.Precision);
        Assert.Equal(0, potholes.Recall);
        Assert.Equal(["v-pothole"], card.MissedViolationIds);
        Assert.Equal([falseOrder.Order.Id], card.FalseOrderIds);
        var patrol = Assert.Single(card.BySource);
        Assert.Equal(("PatrolVehicle", 2, 1), (patrol.Key, patrol.Present, patrol.Caught));
        // start 07:10+... the bin started at minute 10, its order was created at minute 31
        Assert.Equal(21, card.StartToOrder.MedianMinutes);
    }

    [Fact]
    public void A_sighting_outside_the_radius_or_before_the_violation_stood_or_after_it_ended_is_a_false_order()
    {
        var bin = Luotuowan(100, 10);
        var truth = new[] { Truth("v-bin", "garbage-overflow", bin, 60, 120) };
        var tooFar = Order(Sighting("garbage-overflow", Luotuowan(115, 10), From.AddMinutes(90)));        // 15 m: radius is 10
        var tooEarly = Order(Sighting("garbage-overflow", bin, From.AddMinutes(59)));
        var afterItEnded = Order(Sighting("garbage-overflow", bin, From.AddMinutes(120)));
        var otherCategory = Order(Sighting("exposed-garbage", bin, From.AddMinutes(90)));
        var card = Score(truth, tooFar, tooEarly, afterItEnded, otherCategory);

        Assert.Equal(0, card.Overall.Caught);
        Assert.Equal(4, card.Overall.FalseOrders);
        Assert.Equal(0, card.Overall.Precision);
        Assert.Equal(0, card.Overall.F1);
    }

    [Fact]
    public void One_order_over_two_violations_is_a_merge_and_two_orders_over_one_violation_a_split()
    {
        // two bins 8 m apart: each sighting matches its nearest, the order joined both
        var truth = new[]
        {
            Truth("v-bin-a", "garbage-overflow", Luotuowan(100, 10), 0, null),
            Truth("v-bin-b", "garbage-overflow", Luotuowan(108, 10), 0, null),
            Truth("v-banner", "illegal-banner", Luotuowan(500, 10), 0, null),
        };
        var merged = Order(Sighting("garbage-overflow", Luotuowan(99, 10), From.AddMinutes(20)),
            Sighting("garbage-overflow", Luotuowan(109, 10), From.AddMinutes(25)));
        var split1 = Order(Sighting("illegal-banner", Luotuowan(505, 10), From.AddMinutes(30)));
        var split2 = Order(Sighting("illegal-banner", Luotuowan(495, 10), From.AddMinutes(50)));
        var card = Score(truth, merged, split1, split2);

        Assert.Equal(new DedupeOutcome(MergedOrders: 1, ViolationsMergedAway: 1, SplitViolations: 1, ExtraOrders: 1), card.Dedupe);
        Assert.Equal(3, card.Overall.Caught);
        Assert.Equal(0, card.Overall.FalseOrders);
        Assert.Equal(1.0, card.Overall.Recall);
    }

    [Fact]
    public void Times_run_from_the_violation_or_window_start_to_the_first_order_and_from_the_order_to_its_verification()
    {
        var truth = new[]
        {
            Truth("v-old", "road-damage", Luotuowan(100, 3), -600, null),   // there before the run: counted from the window start
            Truth("v-new", "road-damage", Luotuowan(600, 3), 30, null),
            Truth("v-late", "road-damage", Luotuowan(900, 3), 60, null),
        };
        var first = Order(Sighting("road-damage", Luotuowan(100, 3), From.AddMinutes(9)));   // created 10 min after 07:00
        var second = Order(Sighting("road-damage", Luotuowan(600, 3), From.AddMinutes(49)));  // 20 min after its start
        var third = Order(Sighting("road-damage", Luotuowan(900, 3), From.AddMinutes(149)));  // 90 min after
        var card = Score(truth, (VerifiedAt(first.Order, first.Order.CreatedAt.AddMinutes(100)), first.Incidents), second, third);

        Assert.Equal(new DurationStats(3, 20, 76), card.StartToOrder);   // 10, 20, 90: p90 at rank 1.8 = 20 + 0.8 × 70
        Assert.Equal(new DurationStats(1, 100, 100), card.OrderToVerified);
    }

    [Fact]
    public void Percentiles_interpolate_between_ranks()
    {
        Assert.Equal(2.5, DurationStats.Percentile([1, 2, 3, 4], 0.5));
        Assert.Equal(3.7, DurationStats.Percentile([1, 2, 3, 4], 0.9), 9);
        Assert.Equal(new DurationStats(0, null, null), DurationStats.Of([]));
    }
}
