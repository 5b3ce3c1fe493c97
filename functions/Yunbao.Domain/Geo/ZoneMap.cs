using Yunbao.Contracts.Geo;
using Yunbao.Domain.Catalog;

namespace Yunbao.Domain.Geo;

/// <summary>
/// Classifies a point by the street geometry: NoParking inside a no-parking segment's carriageway,
/// Roadway within half the carriageway width of a centreline, Sidewalk within the sidewalk band beyond
/// that, Plaza inside a plaza polygon, else Other. Where streets overlap (junctions) the carriageway wins.
/// </summary>
public sealed class ZoneMap(StreetNetwork network)
{
    private static readonly Lazy<ZoneMap> s_default = new(() => new ZoneMap(StreetNetwork.Default));

    public static ZoneMap Default => s_default.Value;

    public StreetNetwork Network { get; } = network;

    public ZoneType ZoneAt(GeoPoint p) => Classify(p).Zone;

    public ZoneInfo Classify(GeoPoint p)
    {
        ZoneInfo? roadway = null, sidewalk = null;
        foreach (var street in Network.Streets)
        {
            var pos = street.Path.Locate(p);
            var half = street.CarriagewayWidthMeters / 2;
            if (pos.OffsetMeters <= half)
            {
                if (street.IsNoParkingAt(pos.DistanceAlongMeters))
                    return new ZoneInfo(ZoneType.NoParking, street, pos.OffsetMeters, pos.DistanceAlongMeters, null);
                roadway ??= new ZoneInfo(ZoneType.Roadway, street, pos.OffsetMeters, pos.DistanceAlongMeters, null);
            }
            else if (pos.OffsetMeters <= half + street.SidewalkWidthMeters && (sidewalk is null || pos.OffsetMeters < sidewalk.OffsetMeters))
            {
                sidewalk = new ZoneInfo(ZoneType.Sidewalk, street, pos.OffsetMeters, pos.DistanceAlongMeters, null);
            }
        }
        if (roadway is not null) return roadway;
        if (sidewalk is not null) return sidewalk;
        var plaza = Network.Plazas.FirstOrDefault(pl => pl.Contains(p));
        return plaza is not null
            ? new ZoneInfo(ZoneType.Plaza, null, 0, 0, plaza)
            : new ZoneInfo(ZoneType.Other, null, 0, 0, null);
    }
}
