using Yunbao.Contracts.Geo;
using Yunbao.Domain.Catalog;
using Yunbao.Domain.Geo;
using Yunbao.Edge.Simulator.Geometry;

namespace Yunbao.Edge.Simulator.World;

/// <summary>
/// A street problem placed in the simulated world: the ground truth that cameras see and stewards fix.
/// It is active from <see cref="Start"/> until its natural end (the car drives off, the stall packs up)
/// or until a steward resolves it, whichever comes first. Persistent damage has no natural end.
/// </summary>
public sealed class Violation
{
    public required string Id { get; init; }
    public required string CategoryCode { get; init; }
    /// <summary>Detector label, from the category's evidence labels.</summary>
    public required string Label { get; init; }
    public required GeoPoint Position { get; init; }
    internal Vec2 Local { get; init; }
    public required ZoneType Zone { get; init; }
    public required string StreetName { get; init; }
    public required DateTimeOffset Start { get; init; }
    public DateTimeOffset? NaturalEnd { get; init; }
    public DateTimeOffset? ResolvedAt { get; internal set; }
    /// <summary>An illegally parked car that blocks a traffic lane.</summary>
    public bool Congestion { get; init; }
    /// <summary>The scenario that placed it, e.g. "rush-hour-parking".</summary>
    public required string Scenario { get; init; }

    public bool IsActiveAt(DateTimeOffset t) =>
        Start <= t && (NaturalEnd is null || t < NaturalEnd) && (ResolvedAt is null || t < ResolvedAt);

    public override string ToString() => $"{Id} {CategoryCode} {Scenario} @{Position} {Start:O}..{NaturalEnd:O}";
}

/// <summary>How big a violation looks to a camera and how it is drawn.</summary>
public sealed record ViolationShape(double WidthMeters, double HeightMeters, double ElevationMeters = 0, bool Flat = false, double DepthMeters = 0)
{
    public static ViolationShape For(string categoryCode) => categoryCode switch
    {
        "illegal-parking" => new(4.2, 1.5),
        "street-laundry" => new(3.2, 1.9),
        "umbrella-stall" => new(2.4, 2.4),
        "street-vending" => new(2.2, 1.8),
        "out-of-store-business" => new(2.8, 1.3),
        "garbage-overflow" => new(1.4, 1.4),
        "exposed-garbage" => new(1.8, 0.7),
        "material-stacking" => new(2.6, 1.3),
        "bicycle-disorder" => new(3.4, 1.1),
        "illegal-banner" => new(5.0, 1.0, ElevationMeters: 2.2),
        "road-damage" => new(1.4, 0, Flat: true, DepthMeters: 1.2),
        "manhole-cover" => new(1.0, 0, Flat: true, DepthMeters: 0.9),
        "construction-occupation" => new(4.5, 1.3),
        "waterlogging" => new(6.0, 0, Flat: true, DepthMeters: 4.0),
        _ => new(1.5, 1.5),
    };
}
