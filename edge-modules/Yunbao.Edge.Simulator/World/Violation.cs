using Yunbao.Contracts.Geo;
using Yunbao.Domain.Catalog;
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
