using Yunbao.Contracts.Geo;

namespace Yunbao.Domain.Geo;

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
