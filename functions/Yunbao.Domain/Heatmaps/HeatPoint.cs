using Yunbao.Contracts.Geo;

namespace Yunbao.Domain.Heatmaps;

/// <summary>A weighted point to render.</summary>
public readonly record struct HeatPoint(GeoPoint Location, double Weight = 1.0);
