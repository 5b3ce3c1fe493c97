using Yunbao.Domain.Catalog;

namespace Yunbao.Edge.Simulator.World;

/// <summary>
/// One way a kind of problem shows up: where (a kind of place or a named street), in which zone, in which
/// local start window, how many, for how long. Rules are data: the scenario mix is this table.
/// </summary>
public sealed record ScenarioRule
{
    public required string Name { get; init; }
    public required string Category { get; init; }
    public required ZoneType Zone { get; init; }
    /// <summary>Kind of place the problems gather around; ignored when <see cref="Street"/> is set.</summary>
    public PlaceKind? Near { get; init; }
    /// <summary>Anywhere along this street.</summary>
    public string? Street { get; init; }
    /// <summary>Anywhere on the network.</summary>
    public bool Anywhere { get; init; }
    public double SpreadMeters { get; init; } = 40;
    /// <summary>Local start hours [from, to).</summary>
    public required (double From, double To) StartHours { get; init; }
    public required (int Min, int Max) Count { get; init; }
    /// <summary>Minutes until it goes by itself; null = stays until a steward fixes it.</summary>
    public (double Min, double Max)? DurationMinutes { get; init; }
    public DayFilter Days { get; init; } = DayFilter.Any;
    public Sky? OnlyWhen { get; init; }
    /// <summary>Chance the rule fires at all on a given day.</summary>
    public double DailyChance { get; init; } = 1;
    /// <summary>Starts and ends follow the day's rain instead of <see cref="StartHours"/>.</summary>
    public bool AfterRain { get; init; }
    public double CongestionChance { get; init; }
}
