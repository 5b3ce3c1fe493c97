using System.Globalization;
using Yunbao.Contracts.Geo;
using Yunbao.Domain.Catalog;
using Yunbao.Domain.Geo;

namespace Yunbao.Edge.Simulator.World;

/// <summary>A spot chosen for a violation: where, on which street, in which zone (as the ZoneMap says).</summary>
public readonly record struct Spot(GeoPoint Position, string StreetName, ZoneType Zone);
