using System.Reflection;
using System.Text.Json;
using Yunbao.Contracts.Geo;

namespace Yunbao.Domain.Geo;

/// <summary>A named crossing of two streets; those with <see cref="FixedCamera"/> carry a fixed camera in the simulation.</summary>
public sealed record Intersection(string Id, string NameZh, string NameEn, GeoPoint Location, IReadOnlyList<string> StreetIds, bool FixedCamera);
