using Yunbao.Contracts.Geo;
using Yunbao.Domain.Catalog;
using Yunbao.Domain.Detection;

namespace Yunbao.Domain.Rules;

/// <summary>A detection that passed the rules for one category: it becomes an incident.</summary>
public sealed record IncidentCandidate(ViolationCategory Category, DetectedObject Object, GeoPoint Location, ZoneType Zone, bool Congestion);
