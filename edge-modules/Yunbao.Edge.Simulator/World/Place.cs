using Yunbao.Contracts.Geo;

namespace Yunbao.Edge.Simulator.World;

/// <summary>A place that attracts a kind of street problem (commuters at a metro exit, lunch near towers).</summary>
public sealed record Place(string Name, PlaceKind Kind, GeoPoint Point);
