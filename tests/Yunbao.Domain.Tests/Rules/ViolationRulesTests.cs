using Yunbao.Contracts.Frames;
using Yunbao.Domain.Catalog;
using Yunbao.Domain.Detection;
using Yunbao.Domain.Geo;
using Yunbao.Domain.Rules;
using static Yunbao.Domain.Tests.TestWorld;

namespace Yunbao.Domain.Tests;

public sealed class ViolationRulesTests
{
    [Fact]
    public void Car_in_a_traffic_lane_is_illegal_parking_with_congestion()
    {
        var result = TheRules.Evaluate(Capture(), Saw(Seen("car", RoadwayPoint)));
        var c = Assert.Single(result.Candidates);
        Assert.Equal("illegal-parking", c.Category.Code);
        Assert.Equal(ZoneType.Roadway, c.Zone);
        Assert.True(c.Congestion);
    }

    [Fact]
    public void Car_on_the_sidewalk_is_illegal_parking_without_congestion()
    {
        var c = Assert.Single(TheRules.Evaluate(Capture(), Saw(Seen("car", SidewalkPoint))).Candidates);
        Assert.Equal(ZoneType.Sidewalk, c.Zone);
        Assert.False(c.Congestion);
    }

    [Fact]
    public void Umbrella_in_the_carriageway_is_not_an_umbrella_stall()
    {
        var result = TheRules.Evaluate(Capture(), Saw(Seen("umbrella", RoadwayPoint)));
        Assert.Empty(result.Candidates);
        Assert.Contains("zone Roadway", Assert.Single(result.Rejected).Reason);
    }

    [Fact]
    public void Umbrella_stall_rule_applies_by_day_in_Beijing_time_not_at_night()
    {
        var day = Capture(at: new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.FromHours(8)));
        var night = Capture(at: new DateTimeOffset(2026, 11, 25, 19, 0, 0, TimeSpan.Zero)); // 03:00 in Beijing
        Assert.Single(TheRules.Evaluate(day, Saw(Seen("umbrella", SidewalkPoint))).Candidates);
        var rejected = TheRules.Evaluate(night, Saw(Seen("umbrella", SidewalkPoint)));
        Assert.Empty(rejected.Candidates);
        Assert.Contains("local hour 3", rejected.Rejected[0].Reason);
    }

    [Fact]
    public void Detections_below_the_category_confidence_are_dropped()
    {
        var result = TheRules.Evaluate(Capture(), Saw(Seen("manhole", RoadwayPoint, confidence: 0.55), Seen("manhole", RoadwayPoint, confidence: 0.7, x: 100)));
        var c = Assert.Single(result.Candidates);
        Assert.Equal(0.7, c.Object.Confidence);
        Assert.Contains("confidence", Assert.Single(result.Rejected).Reason);
    }

    [Fact]
    public void Labels_that_evidence_nothing_are_reported_not_turned_into_incidents()
    {
        var result = TheRules.Evaluate(Capture(), Saw(Seen("person", SidewalkPoint)));
        Assert.Empty(result.Candidates);
        Assert.Null(Assert.Single(result.Rejected).CategoryCode);
    }

    [Fact]
    public void Without_a_provider_position_the_object_is_placed_on_the_viewed_side_at_a_plausible_distance()
    {
        // Driving east along 骆驼湾街: the right view looks south.
        var capture = Capture(view: "right");
        var low = new DetectedObject("bin", 0.9, new PixelBox(580, 500, 120, 200)); // bottom edge at 700/720: close
        var high = low with { Box = new PixelBox(580, 100, 120, 200) };            // bottom edge at 300/720, above the horizon: default distance
        var near = TheRules.EstimateGroundPosition(capture, low);
        var proj = Net.Projection;
        Assert.InRange(LocalProjection.AngleBetween(proj.Bearing(capture.Position, near), capture.HeadingDeg + 90), 0, 5);
        Assert.InRange(proj.Distance(capture.Position, near), ViolationRules.MinDistanceMeters, 6);
        Assert.Equal(ViolationRules.DefaultDistanceMeters, proj.Distance(capture.Position, TheRules.EstimateGroundPosition(capture, high)), 1);
        // Front view, box on the left half of the image: ahead and to the left.
        var front = TheRules.EstimateGroundPosition(capture with { View = "front" }, low with { Box = new PixelBox(100, 500, 100, 200) });
        var b = proj.Bearing(capture.Position, front);
        Assert.InRange(LocalProjection.AngleBetween(b, capture.HeadingDeg - 35), 0, 10);
    }

    [Theory]
    [InlineData(5.0, 0.0)]
    [InlineData(12.0, 20.0)]
    [InlineData(25.0, -30.0)]
    public void Estimate_inverts_a_flat_ground_pinhole_camera(double meters, double offAxisDeg)
    {
        // Where a 2.2 m high, 90° camera with the horizon at 42% of a 1280x720 image draws a ground point.
        var capture = Capture(view: "front");
        var focal = 640.0;
        var rad = offAxisDeg * Math.PI / 180;
        var depth = meters * Math.Cos(rad);
        var cx = 640 + focal * Math.Tan(rad);
        var bottom = 0.42 * 720 + focal * 2.2 / depth;
        var obj = new DetectedObject("bin", 0.9, new PixelBox((int)Math.Round(cx) - 20, (int)Math.Round(bottom) - 40, 40, 40));

        var estimate = TheRules.EstimateGroundPosition(capture, obj);

        var truth = Net.Projection.Offset(capture.Position, capture.HeadingDeg + offAxisDeg, meters);
        Assert.True(Net.Projection.Distance(estimate, truth) < Math.Max(0.5, meters * 0.05), $"{Net.Projection.Distance(estimate, truth):F2} m off");
    }

    [Fact]
    public void Provider_ground_position_wins_over_the_estimate()
    {
        var obj = Seen("car", SidewalkPoint);
        Assert.Equal(SidewalkPoint, TheRules.EstimateGroundPosition(Capture(), obj));
    }

    [Fact]
    public void Incident_from_a_candidate_carries_provider_simulation_flag_and_a_deterministic_id()
    {
        var capture = Capture();
        var detection = Saw(Seen("car", RoadwayPoint));
        var c = TheRules.Evaluate(capture, detection).Candidates[0];
        var a = ViolationRules.ToIncident(c, capture, detection);
        var b = ViolationRules.ToIncident(c, capture, detection);
        Assert.Equal(a.Id, b.Id);
        Assert.True(a.Simulated);
        Assert.Equal("simulation", a.Provider);
        Assert.Equal(capture.BlobName, a.FrameBlobName);
    }
}
