
namespace Yunbao.Domain.Tiles;

/// <summary>One slippy-map tile: zoom, column (x, west→east), row (y, north→south).</summary>
public readonly record struct TileId(int Z, int X, int Y)
{
    public override string ToString() => FormattableString.Invariant($"{Z}/{X}/{Y}");

    /// <summary>Parses "z/x/y"; returns false on anything else or on coordinates outside the zoom's grid.</summary>
    public static bool TryParse(string? text, out TileId tile)
    {
        tile = default;
        if (string.IsNullOrEmpty(text)) return false;
        var parts = text.Split('/');
        if (parts.Length != 3
            || !int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var z)
            || !int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var x)
            || !int.TryParse(parts[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var y))
            return false;
        if (!TileMath.IsValid(z, x, y)) return false;
        tile = new TileId(z, x, y);
        return true;
    }
}
