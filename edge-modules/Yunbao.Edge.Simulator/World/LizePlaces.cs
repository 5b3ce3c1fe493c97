using Yunbao.Domain.Geo;

namespace Yunbao.Edge.Simulator.World;

/// <summary>
/// Where things happen in Lize. Metro exits and plazas come from the street network's plazas; the rest
/// are named spots on streets of the network (by street id and share of its length), so they stay on
/// the map when its geometry is refined. Spots on streets a network lacks are left out.
/// </summary>
public static class LizePlaces
{
    /// <summary>Street of the evening rush-hour parking scenario (骆驼湾街, Luotuowan St).</summary>
    public const string RushHourStreetId = "luotuowan-st";

    private static readonly (string Name, PlaceKind Kind, string StreetId, double Share)[] OnStreets =
    [
        ("丽泽SOHO 写字楼", PlaceKind.OfficeTower, "lize-rd", 0.55),
        ("丽泽金融港 写字楼", PlaceKind.OfficeTower, "lize-mid-2-rd", 0.55),
        ("金唐中心 写字楼", PlaceKind.OfficeTower, "jintang-st", 0.35),
        ("凤凰嘴北街 居民区", PlaceKind.ResidentialLane, "fenghuangzui-n-st", 0.4),
        ("丽泽南街 居民区", PlaceKind.ResidentialLane, "lize-s-st", 0.5),
        ("万泉寺东路 居民区", PlaceKind.ResidentialLane, "wanquansi-e-rd", 0.5),
        ("菜户营东街 餐饮", PlaceKind.Restaurants, "caihuying-e-st", 0.5),
        ("骆驼湾斜街 餐饮", PlaceKind.Restaurants, "luotuowan-diag-st", 0.4),
        ("金中都西街 工地", PlaceKind.ConstructionSite, "jinzhongdu-w-st", 0.3),
        ("东管头路 工地", PlaceKind.ConstructionSite, "dongguantou-rd", 0.6),
        ("西三环南路 下凹桥区", PlaceKind.LowPoint, "w-3rd-ring-s-rd", 0.45),
        ("丽泽西街 低洼路段", PlaceKind.LowPoint, "lize-w-st", 0.7),
        ("凤凰嘴街 低洼路段", PlaceKind.LowPoint, "fenghuangzui-st", 0.5),
    ];

    public static IReadOnlyList<Place> For(StreetNetwork network)
    {
        var places = new List<Place>();
        foreach (var plaza in network.Plazas)
            places.Add(new Place(plaza.NameZh, plaza.Kind == "metro-exit" ? PlaceKind.MetroExit : PlaceKind.Plaza, plaza.Centroid));
        foreach (var (name, kind, streetId, share) in OnStreets)
        {
            var street = network.Streets.FirstOrDefault(s => s.Id == streetId);
            if (street is not null) places.Add(new Place(name, kind, street.Path.PointAt(street.LengthMeters * share)));
        }
        return places;
    }
}
