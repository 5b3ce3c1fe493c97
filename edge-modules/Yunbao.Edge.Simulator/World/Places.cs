using Yunbao.Domain.Geo;

namespace Yunbao.Edge.Simulator.World;

public enum PlaceKind { MetroExit, OfficeTower, ResidentialLane, ConstructionSite, LowPoint, Plaza, Restaurants }

/// <summary>A place that attracts a kind of street problem (commuters at a metro exit, lunch near towers).</summary>
public sealed record Place(string Name, PlaceKind Kind, GeoPoint Point);

/// <summary>
/// Where things happen in Lize. Coordinates are approximate (the simulation snaps them onto the nearest
/// street); they only need to be plausible, e.g. metro exits around 丽泽商务区站 in the district's core.
/// </summary>
public static class LizePlaces
{
    /// <summary>The street of the evening rush-hour parking scenario.</summary>
    public const string RushHourStreet = "骆驼湾街";

    public static IReadOnlyList<Place> Default { get; } =
    [
        new("丽泽商务区站 A口", PlaceKind.MetroExit, new(116.3098, 39.8640)),
        new("丽泽商务区站 B口", PlaceKind.MetroExit, new(116.3126, 39.8628)),
        new("丽泽商务区站 D口", PlaceKind.MetroExit, new(116.3112, 39.8652)),
        new("丽泽SOHO", PlaceKind.OfficeTower, new(116.3085, 39.8662)),
        new("丽泽金融大厦", PlaceKind.OfficeTower, new(116.3150, 39.8645)),
        new("丽泽商务中心", PlaceKind.OfficeTower, new(116.3060, 39.8618)),
        new("菜户营东街 居民区", PlaceKind.ResidentialLane, new(116.2990, 39.8600)),
        new("丽泽路北 居民区", PlaceKind.ResidentialLane, new(116.3020, 39.8715)),
        new("骆驼湾 居民区", PlaceKind.ResidentialLane, new(116.3200, 39.8580)),
        new("餐饮街", PlaceKind.Restaurants, new(116.3170, 39.8600)),
        new("丽泽 施工工地 一", PlaceKind.ConstructionSite, new(116.3040, 39.8640)),
        new("丽泽 施工工地 二", PlaceKind.ConstructionSite, new(116.3190, 39.8690)),
        new("下凹路段 一", PlaceKind.LowPoint, new(116.3075, 39.8575)),
        new("下凹路段 二", PlaceKind.LowPoint, new(116.3160, 39.8668)),
        new("丽泽中央广场", PlaceKind.Plaza, new(116.3118, 39.8644)),
    ];
}
