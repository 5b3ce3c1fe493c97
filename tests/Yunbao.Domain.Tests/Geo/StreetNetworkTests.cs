using Yunbao.Domain.Geo;

namespace Yunbao.Domain.Tests;

public sealed class StreetNetworkTests
{
    private static readonly StreetNetwork Net = StreetNetwork.Default;

    [Fact]
    public void Lize_network_is_about_36_km_of_named_streets_inside_the_district()
    {
        Assert.InRange(Net.TotalLengthMeters, 34_000, 38_000);
        Assert.Contains(Net.Streets, s => s.NameZh == "丽泽路" && s.NameEn == "Lize Rd");
        Assert.Contains(Net.Streets, s => s.NameZh == "西三环南路");
        Assert.All(Net.Streets, s => Assert.All(s.Path.Points, p => Assert.True(Net.Bounds.Contains(p))));
        Assert.NotEmpty(Net.Plazas);
        Assert.Contains(Net.Intersections, i => i.FixedCamera);
    }

    [Fact]
    public void Nearest_point_snaps_onto_the_closest_street()
    {
        var lize = Net.GetStreet("lize-rd");
        var onStreet = lize.Path.PointAt(500);
        var beside = Net.Projection.Offset(onStreet, 0, 10); // 10 m north of the centreline
        var pos = Net.Nearest(beside);
        Assert.Equal("lize-rd", pos.Street.Id);
        Assert.InRange(pos.OffsetMeters, 9, 11);
        Assert.InRange(pos.DistanceAlongMeters, 490, 510);
    }

    [Fact]
    public void Route_between_two_streets_follows_the_streets_and_is_not_shorter_than_the_straight_line()
    {
        var a = Net.GetStreet("fenghuangzui-st").Path.PointAt(100);
        var b = Net.GetStreet("jinzhongdu-s-st").Path.PointAt(2000);
        var route = Net.Route(a, b);
        var straight = Net.Projection.Distance(a, b);
        Assert.InRange(route.LengthMeters, straight, straight * 1.5);
        Assert.True(route.Start.DistanceTo(a) < 1 && route.End.DistanceTo(b) < 1);
        for (var d = 0.0; d < route.LengthMeters; d += 25)
            Assert.True(Net.Nearest(route.PointAt(d)).OffsetMeters < 1, $"route leaves the streets at {d} m");
        Assert.Equal(route.LengthMeters, Net.RoadDistanceMeters(a, b), 1);
    }

    [Fact]
    public void Patrol_route_drives_every_street()
    {
        var route = Net.PatrolRoute(Net.GetStreet("lize-rd").Path.Start);
        Assert.True(route.LengthMeters >= Net.TotalLengthMeters);
        Assert.True(route.LengthMeters < Net.TotalLengthMeters * 1.8, $"patrol is {route.LengthMeters:F0} m");
        foreach (var street in Net.Streets)
        {
            var mid = street.Path.PointAt(street.LengthMeters / 2);
            Assert.True(route.Locate(mid).OffsetMeters < 1, $"{street.Id} not driven");
        }
    }

    [Fact]
    public void Broken_street_data_is_refused_with_the_street_named()
    {
        const string json = """
            { "districtId": "x", "bounds": [116.0, 39.0, 117.0, 40.0],
              "streets": [ { "id": "a", "nameZh": "甲", "nameEn": "A", "carriagewayWidthM": 10, "sidewalkWidthM": 3, "path": [[116.5, 39.5]] } ] }
            """;
        var e = Assert.Throws<StreetNetworkDataException>(() => StreetNetwork.Parse(json));
        Assert.Contains("'a'", e.Message);
    }
}
