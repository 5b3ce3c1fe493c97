using Yunbao.Domain.Catalog;
using Yunbao.Domain.Rules;
using static Yunbao.Domain.Tests.TestWorld;

namespace Yunbao.Domain.Tests;

public sealed class PersistenceRuleTests
{
    private static readonly ViolationCategory Parking = Categories.Get("illegal-parking");
    private static readonly ViolationCategory Vending = Categories.Get("street-vending");

    [Fact]
    public void A_citizens_report_of_a_parked_car_persists_by_itself() =>
        Assert.True(ViolationRules.PersistenceMet(Parking, Sighting("illegal-parking", RoadwayPoint, Morning) with { Source = Yunbao.Contracts.Frames.EventSource.Citizen }, []));

    [Fact]
    public void Car_seen_once_is_not_yet_parked() =>
        Assert.False(ViolationRules.PersistenceMet(Parking, Sighting("illegal-parking", RoadwayPoint, Morning), []));

    [Fact]
    public void Car_seen_again_one_minute_later_is_still_traffic()
    {
        var first = Sighting("illegal-parking", RoadwayPoint, Morning);
        var second = Sighting("illegal-parking", RoadwayPoint, Morning.AddMinutes(1));
        Assert.False(ViolationRules.PersistenceMet(Parking, second, [first]));
    }

    [Fact]
    public void Car_seen_at_the_same_spot_on_a_pass_three_minutes_later_is_parked()
    {
        var first = Sighting("illegal-parking", RoadwayPoint, Morning);
        var second = Sighting("illegal-parking", Net.Projection.Offset(RoadwayPoint, 90, 5), Morning.AddMinutes(4));
        Assert.True(ViolationRules.PersistenceMet(Parking, second, [first]));
    }

    [Fact]
    public void Sightings_further_apart_than_the_dedupe_radius_are_different_cars()
    {
        var first = Sighting("illegal-parking", RoadwayPoint, Morning);
        var second = Sighting("illegal-parking", Net.Projection.Offset(RoadwayPoint, 90, 40), Morning.AddMinutes(5));
        Assert.False(ViolationRules.PersistenceMet(Parking, second, [first]));
    }

    [Fact]
    public void Stall_needs_a_second_frame_but_no_time_gap()
    {
        var one = Sighting("street-vending", SidewalkPoint, Morning, "frame-front");
        var sameFrameAgain = one with { Id = "other-box" };
        var two = Sighting("street-vending", SidewalkPoint, Morning, "frame-right");
        Assert.False(ViolationRules.PersistenceMet(Vending, one, [sameFrameAgain]));
        Assert.True(ViolationRules.PersistenceMet(Vending, two, [one]));
    }

    [Fact]
    public void Single_sighting_categories_open_at_once() =>
        Assert.True(ViolationRules.PersistenceMet(Categories.Get("manhole-cover"), Sighting("manhole-cover", RoadwayPoint, Morning), []));
}
