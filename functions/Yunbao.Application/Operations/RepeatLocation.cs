using Yunbao.Contracts.Geo;

namespace Yunbao.Application.Operations;

/// <summary>A place (about 50 m across) where several orders were opened, or one order was seen again and again.</summary>
public sealed record RepeatLocation(GeoPoint Center, int Orders, int Sightings, IReadOnlyList<string> Categories);
