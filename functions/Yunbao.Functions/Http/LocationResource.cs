using Yunbao.Contracts.Geo;
using Yunbao.Domain.Catalog;
using Yunbao.Domain.WorkOrders;

namespace Yunbao.Functions.Http;

public sealed record LocationResource(double Lon, double Lat)
{
    public static LocationResource From(GeoPoint p) => new(p.Lon, p.Lat);
}
