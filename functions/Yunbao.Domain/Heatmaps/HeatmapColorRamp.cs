namespace Yunbao.Domain.Heatmaps;

/// <summary>
/// The fixed heat colour ramp: transparent at 0 → blue → green → yellow → red, alpha growing with
/// intensity, so faint heat lets the base map show through. Output is unpremultiplied RGBA.
/// The ramp position is the square root of intensity / max: on a linear scale one dense cluster
/// leaves single incidents nearly invisible (alpha ≈ 10 at 1/60 of the max); on this one they show.
/// </summary>
public static class HeatmapColorRamp
{
    private const int Levels = 256;

    // (t, r, g, b, a): stops of the ramp; linear in between.
    private static readonly (double T, byte R, byte G, byte B, byte A)[] Stops =
    [
        (0.00, 0, 0, 255, 0),
        (0.20, 0, 0, 255, 120),
        (0.45, 0, 255, 0, 170),
        (0.70, 255, 255, 0, 205),
        (1.00, 255, 0, 0, 235),
    ];

    /// <summary>RGBA of each of the 256 levels, 4 bytes a level.</summary>
    private static readonly byte[] Lut = BuildLut();

    private static readonly uint[] PackedLut = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(Lut).ToArray();

    /// <summary>Alpha of the hottest colour.</summary>
    public static byte MaxAlpha => Stops[^1].A;

    /// <summary>Where on the ramp (0..1) an intensity falls when <paramref name="max"/> is full heat.</summary>
    public static double RampPosition(double intensity, double max) =>
        max > 0 ? Math.Sqrt(Math.Clamp(intensity / max, 0, 1)) : 0;

    /// <summary>The colour at a ramp position in [0, 1] (values outside are clamped).</summary>
    public static (byte R, byte G, byte B, byte A) ColorAt(double t)
    {
        var i = Level(t) * 4;
        return (Lut[i], Lut[i + 1], Lut[i + 2], Lut[i + 3]);
    }

    /// <summary>
    /// Colours an intensity buffer into <paramref name="rgba"/> (4 bytes a value) using <paramref name="max"/> as full heat.
    /// Returns false when every pixel came out fully transparent (nothing worth storing).
    /// </summary>
    public static bool Colorize(ReadOnlySpan<float> intensity, double max, Span<byte> rgba)
    {
        if (rgba.Length < intensity.Length * 4) throw new ArgumentException("RGBA buffer too small.", nameof(rgba));
        var inverseMax = max > 0 ? (float)(1 / max) : 0f;
        // One 32-bit store per pixel: the LUT holds each level's 4 bytes in memory order.
        var pixels = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(rgba[..(intensity.Length * 4)]);
        var lut = PackedLut;
        var any = 0u;
        for (var p = 0; p < intensity.Length; p++)
        {
            var v = intensity[p];
            var level = v > 0 ? (int)Math.Min(Levels - 1, MathF.Sqrt(v * inverseMax) * (Levels - 1) + 0.5f) : 0;
            var colour = level > 0 ? lut[level] : 0u;
            pixels[p] = colour;
            any |= colour;
        }
        return any != 0;
    }

    /// <summary>
    /// Ramp levels (0 = transparent .. 255 = full heat) of an intensity buffer, for a paletted PNG of <see cref="Palette"/>.
    /// Same levels as <see cref="Colorize"/>. Returns false when every level is 0.
    /// </summary>
    public static bool ToLevels(ReadOnlySpan<float> intensity, double max, Span<byte> levels)
    {
        if (levels.Length < intensity.Length) throw new ArgumentException("Level buffer too small.", nameof(levels));
        var inverseMax = max > 0 ? (float)(1 / max) : 0f;
        var any = 0;
        var p = 0;
        var n = System.Numerics.Vector<float>.Count;
        if (System.Numerics.Vector.IsHardwareAccelerated)
        {
            // Four float vectors narrow to one byte vector; same arithmetic as the scalar loop (IEEE square root).
            var anyVector = System.Numerics.Vector<byte>.Zero;
            for (; p <= intensity.Length - 4 * n; p += 4 * n)
            {
                var bytes = System.Numerics.Vector.Narrow(
                    System.Numerics.Vector.Narrow(LevelVector(intensity, p, inverseMax), LevelVector(intensity, p + n, inverseMax)),
                    System.Numerics.Vector.Narrow(LevelVector(intensity, p + 2 * n, inverseMax), LevelVector(intensity, p + 3 * n, inverseMax)));
                bytes.CopyTo(levels[p..]);
                anyVector |= bytes;
            }
            if (anyVector != System.Numerics.Vector<byte>.Zero) any = 1;
        }
        for (; p < intensity.Length; p++)
        {
            var v = intensity[p];
            var level = v > 0 ? (int)Math.Min(Levels - 1, MathF.Sqrt(v * inverseMax) * (Levels - 1) + 0.5f) : 0;
            levels[p] = (byte)level;
            any |= level;
        }
        return any != 0;
    }

    private static System.Numerics.Vector<uint> LevelVector(ReadOnlySpan<float> intensity, int at, float inverseMax)
    {
        var v = System.Numerics.Vector.Max(new System.Numerics.Vector<float>(intensity[at..]) * inverseMax, System.Numerics.Vector<float>.Zero);
        var level = System.Numerics.Vector.Min(System.Numerics.Vector.SquareRoot(v) * (Levels - 1) + new System.Numerics.Vector<float>(0.5f), new System.Numerics.Vector<float>(Levels - 1));
        return System.Numerics.Vector.AsVectorUInt32(System.Numerics.Vector.ConvertToInt32(level));
    }

    /// <summary>The 256 levels' RGBA, 4 bytes a level (level 0 transparent): the palette of paletted tiles.</summary>
    public static ReadOnlySpan<byte> Palette => Lut;

    private static int Level(double t) => (int)Math.Round(Math.Clamp(t, 0, 1) * (Levels - 1));

    private static byte[] BuildLut()
    {
        var lut = new byte[Levels * 4];
        for (var level = 1; level < Levels; level++)
        {
            var t = level / (double)(Levels - 1);
            var k = 1;
            while (Stops[k].T < t) k++;
            var (a, b) = (Stops[k - 1], Stops[k]);
            var f = (t - a.T) / (b.T - a.T);
            lut[level * 4] = Mix(a.R, b.R, f);
            lut[level * 4 + 1] = Mix(a.G, b.G, f);
            lut[level * 4 + 2] = Mix(a.B, b.B, f);
            lut[level * 4 + 3] = Mix(a.A, b.A, f);
        }
        // Level 0 stays (0,0,0,0): fully transparent.
        return lut;
    }

    private static byte Mix(byte a, byte b, double f) => (byte)Math.Round(a + (b - a) * f);
}
