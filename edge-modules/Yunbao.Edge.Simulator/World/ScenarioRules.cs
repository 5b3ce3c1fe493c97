using Yunbao.Domain.Catalog;

namespace Yunbao.Edge.Simulator.World;

public static class ScenarioRules
{
    public static IReadOnlyList<ScenarioRule> Default { get; } =
    [
        new() { Name = "rush-hour-parking", Category = "illegal-parking", Zone = ZoneType.Roadway, Street = LizePlaces.RushHourStreetId,
                StartHours = (16.75, 18.5), Count = (3, 6), DurationMinutes = (40, 130), Days = DayFilter.Weekday, CongestionChance = 0.5 },
        new() { Name = "rush-hour-errand-parking", Category = "illegal-parking", Zone = ZoneType.Roadway, Near = PlaceKind.ShopFront,
                StartHours = (16.9, 18.3), Count = (1, 2), DurationMinutes = (25, 90), Days = DayFilter.Weekday, SpreadMeters = 10, CongestionChance = 0.5 },
        new() { Name = "weekend-evening-parking", Category = "illegal-parking", Zone = ZoneType.Roadway, Street = LizePlaces.RushHourStreetId,
                StartHours = (17, 19), Count = (1, 2), DurationMinutes = (30, 90), Days = DayFilter.Weekend, CongestionChance = 0.2 },
        new() { Name = "lunch-parking", Category = "illegal-parking", Zone = ZoneType.Roadway, Near = PlaceKind.OfficeTower,
                StartHours = (11.4, 13.2), Count = (2, 4), DurationMinutes = (15, 70), Days = DayFilter.Weekday, CongestionChance = 0.25 },
        new() { Name = "sunny-morning-laundry", Category = "street-laundry", Zone = ZoneType.Sidewalk, Near = PlaceKind.ResidentialLane,
                StartHours = (7.5, 10), Count = (2, 4), DurationMinutes = (300, 540), OnlyWhen = Sky.Sunny, SpreadMeters = 80 },
        new() { Name = "lunch-umbrellas", Category = "umbrella-stall", Zone = ZoneType.Sidewalk, Near = PlaceKind.MetroExit,
                StartHours = (11, 12.5), Count = (1, 3), DurationMinutes = (45, 150), SpreadMeters = 30 },
        new() { Name = "evening-umbrellas", Category = "umbrella-stall", Zone = ZoneType.Sidewalk, Near = PlaceKind.MetroExit,
                StartHours = (17.5, 19.5), Count = (1, 3), DurationMinutes = (60, 180), SpreadMeters = 30 },
        new() { Name = "lunch-vending", Category = "street-vending", Zone = ZoneType.Sidewalk, Near = PlaceKind.MetroExit,
                StartHours = (11, 12.5), Count = (1, 2), DurationMinutes = (60, 150), SpreadMeters = 40 },
        new() { Name = "evening-vending", Category = "street-vending", Zone = ZoneType.Plaza, Near = PlaceKind.Plaza,
                StartHours = (17.5, 20), Count = (1, 3), DurationMinutes = (90, 210), SpreadMeters = 30 },
        new() { Name = "evening-out-of-store", Category = "out-of-store-business", Zone = ZoneType.Sidewalk, Near = PlaceKind.Restaurants,
                StartHours = (18, 20.5), Count = (2, 4), DurationMinutes = (120, 240), SpreadMeters = 70 },
        new() { Name = "evening-garbage", Category = "garbage-overflow", Zone = ZoneType.Sidewalk, Near = PlaceKind.ResidentialLane,
                StartHours = (19, 22.5), Count = (1, 3), DurationMinutes = (450, 660), SpreadMeters = 90 },
        new() { Name = "after-weekend-garbage", Category = "garbage-overflow", Zone = ZoneType.Sidewalk, Near = PlaceKind.Restaurants,
                StartHours = (6, 8.5), Count = (2, 4), DurationMinutes = (120, 300), Days = DayFilter.Monday, SpreadMeters = 90 },
        new() { Name = "exposed-garbage", Category = "exposed-garbage", Zone = ZoneType.Sidewalk, Anywhere = true,
                StartHours = (8, 20), Count = (1, 2), DurationMinutes = (120, 480) },
        new() { Name = "morning-bicycles", Category = "bicycle-disorder", Zone = ZoneType.Sidewalk, Near = PlaceKind.MetroExit,
                StartHours = (7.5, 9.3), Count = (2, 4), DurationMinutes = (120, 240), Days = DayFilter.Weekday, SpreadMeters = 35 },
        new() { Name = "evening-bicycles", Category = "bicycle-disorder", Zone = ZoneType.Sidewalk, Near = PlaceKind.MetroExit,
                StartHours = (17.5, 19.3), Count = (1, 3), DurationMinutes = (90, 180), Days = DayFilter.Weekday, SpreadMeters = 35 },
        new() { Name = "construction-lane", Category = "construction-occupation", Zone = ZoneType.Roadway, Near = PlaceKind.ConstructionSite,
                StartHours = (8, 8.6), Count = (1, 1), DurationMinutes = (540, 600), Days = DayFilter.Weekday, SpreadMeters = 15 },
        new() { Name = "construction-materials", Category = "material-stacking", Zone = ZoneType.Sidewalk, Near = PlaceKind.ConstructionSite,
                StartHours = (9, 11), Count = (1, 2), DurationMinutes = (300, 420), Days = DayFilter.Weekday, SpreadMeters = 30 },
        new() { Name = "new-road-damage", Category = "road-damage", Zone = ZoneType.Roadway, Anywhere = true,
                StartHours = (0, 24), Count = (1, 1), DailyChance = 0.15 },
        new() { Name = "new-manhole-damage", Category = "manhole-cover", Zone = ZoneType.Roadway, Anywhere = true,
                StartHours = (0, 24), Count = (1, 1), DailyChance = 0.08 },
        new() { Name = "flooding", Category = "waterlogging", Zone = ZoneType.Roadway, Near = PlaceKind.LowPoint,
                StartHours = (0, 24), Count = (1, 2), AfterRain = true, OnlyWhen = Sky.Rain, SpreadMeters = 10 },
        new() { Name = "illegal-banner", Category = "illegal-banner", Zone = ZoneType.Sidewalk, Anywhere = true,
                StartHours = (8, 18), Count = (1, 1), DurationMinutes = (1440, 4320), DailyChance = 0.5 },
    ];

    /// <summary>Damage that is already on the streets when the simulation starts.</summary>
    public static IReadOnlyList<ScenarioRule> AtStart { get; } =
    [
        new() { Name = "existing-road-damage", Category = "road-damage", Zone = ZoneType.Roadway, Anywhere = true, StartHours = (0, 24), Count = (2, 3) },
        new() { Name = "existing-manhole-damage", Category = "manhole-cover", Zone = ZoneType.Roadway, Anywhere = true, StartHours = (0, 24), Count = (1, 1) },
    ];

    internal static bool Applies(DayFilter filter, DayOfWeek day) => filter switch
    {
        DayFilter.Weekday => day is not (DayOfWeek.Saturday or DayOfWeek.Sunday),
        DayFilter.Weekend => day is DayOfWeek.Saturday or DayOfWeek.Sunday,
        DayFilter.Monday => day == DayOfWeek.Monday,
        _ => true,
    };
}
