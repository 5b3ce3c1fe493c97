using Yunbao.Contracts.Geo;
using Yunbao.Domain.Catalog;
using Yunbao.Domain.Geo;

namespace Yunbao.Domain.Tests;

public sealed class ZoneMapTests
{
    private static readonly ZoneMap Zones = ZoneMap.Default;
    private static readonly StreetNetwork Net = StreetNetwork.Default;

    private static GeoPoint Beside(string streetId, double along, double metersLeft)
    {
        var s = Net.GetStreet(streetId);
        return Net.Projection.Offset(s.Path.PointAt(along), s.Path.BearingAt(along) - 90, metersLeft);
    }

    [Fact]
    public void Centreline_is_roadway_and_kerbside_band_is_sidewalk()
    {
        // 骆驼湾街: 16 m carriageway, 4 m sidewalks; metre 400 is outside its no-parking stretch.
        Assert.Equal(ZoneType.Roadway, Zones.ZoneAt(Beside("luotuowan-st", 400, 0)));
        Assert.Equal(ZoneType.Roadway, Zones.ZoneAt(Beside("luotuowan-st", 400, 7.5)));
        Assert.Equal(ZoneType.Sidewalk, Zones.ZoneAt(Beside("luotuowan-st", 400, 9)));
        Assert.Equal(ZoneType.Sidewalk, Zones.ZoneAt(Beside("luotuowan-st", 400, -11.5)));
        Assert.Equal(ZoneType.Other, Zones.ZoneAt(Beside("luotuowan-st", 400, 14)));
    }

    [Fact]
    public void Carriageway_of_a_no_parking_stretch_is_no_parking_but_its_sidewalk_is_not()
    {
        Assert.Equal(ZoneType.NoParking, Zones.ZoneAt(Beside("luotuowan-st", 1800, 5)));
        Assert.Equal(ZoneType.Sidewalk, Zones.ZoneAt(Beside("luotuowan-st", 1800, 10)));
    }

    [Fact]
    public void Metro_exit_is_a_plaza()
    {
        var exit = Net.Plazas.Single(p => p.Id == "lize-station-exit-a");
        var info = Zones.Classify(exit.Centroid);
        Assert.Equal(ZoneType.Plaza, info.Zone);
        Assert.Equal(exit, info.Plaza);
    }

    [Fact]
    public void Far_from_any_street_is_other() =>
        Assert.Equal(ZoneType.Other, Zones.ZoneAt(new GeoPoint(116.2999, 39.8705)));
}
