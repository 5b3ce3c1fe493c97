namespace Yunbao.Domain.Geo;

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

/// <summary>A lon/lat rectangle (west, south, east, north), as in a GeoJSON bbox.</summary>
public readonly record struct GeoBounds(double West, double South, double East, double North)
{
    public bool Contains(GeoPoint p) => p.Lon >= West && p.Lon <= East && p.Lat >= South && p.Lat <= North;

    /// <summary>Parses "west,south,east,north"; returns false on anything else.</summary>
    public static bool TryParse(string? text, out GeoBounds bounds)
    {
        bounds = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var parts = text.Split(',');
        if (parts.Length != 4) return false;
        var v = new double[4];
        for (var i = 0; i < 4; i++)
            if (!double.TryParse(parts[i], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out v[i])) return false;
        if (v[0] > v[2] || v[1] > v[3]) return false;
        bounds = new GeoBounds(v[0], v[1], v[2], v[3]);
        return true;
    }
}
