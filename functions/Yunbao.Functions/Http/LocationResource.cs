using Yunbao.Contracts.Geo;

namespace Yunbao.Functions.Http;

public sealed record LocationResource(double Lon, double Lat)
{
    public static LocationResource From(GeoPoint p) => new(p.Lon, p.Lat);
}
