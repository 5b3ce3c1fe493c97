namespace Yunbao.Contracts.Geo;

/// <summary>A WGS84 position. Longitude first, as in GeoJSON.</summary>
public readonly record struct GeoPoint(double Lon, double Lat)
{
    private const double EarthRadiusMeters = 6_371_008.8;

    /// <summary>Great-circle (haversine) distance in metres.</summary>
    public double DistanceTo(GeoPoint other)
    {
        static double Rad(double deg) => deg * Math.PI / 180.0;
        var dLat = Rad(other.Lat - Lat);
        var dLon = Rad(other.Lon - Lon);
        var a = Math.Sin(dLat / 2) * Math.Sin(dLat / 2)
              + Math.Cos(Rad(Lat)) * Math.Cos(Rad(other.Lat)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * EarthRadiusMeters * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    public override string ToString() => FormattableString.Invariant($"{Lon:F6},{Lat:F6}");
}
