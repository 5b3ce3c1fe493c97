using SkiaSharp;

namespace Yunbao.Edge.Simulator.Imaging;

/// <summary>
/// A 5×7 pixel font for the frame overlay. Built in so that frames look the same on every machine and in
/// an edge container without fonts (SkiaSharp's no-dependency build finds no system fonts there).
/// Lower case prints as upper case; unknown characters as a blank.
/// </summary>
internal static class BitmapFont
{
    public const int GlyphWidth = 5;
    public const int GlyphHeight = 7;

    private static readonly Dictionary<char, byte[]> Glyphs = Build();

    public static float Measure(string text, float scale) => text.Length * (GlyphWidth + 1) * scale;

    public static void Draw(SKCanvas canvas, string text, float x, float y, float scale, SKPaint paint)
    {
        // one path for the whole text: a draw call per pixel would cost more than the JPEG encoding
        using var path = new SKPath();
        var cursor = x;
        foreach (var raw in text)
        {
            if (Glyphs.TryGetValue(char.ToUpperInvariant(raw), out var rows))
                for (var r = 0; r < GlyphHeight; r++)
                    for (var c = 0; c < GlyphWidth; c++)
                        if ((rows[r] & (1 << (GlyphWidth - 1 - c))) != 0)
                            path.AddRect(SKRect.Create(cursor + c * scale, y + r * scale, scale, scale));
            cursor += (GlyphWidth + 1) * scale;
        }
        canvas.DrawPath(path, paint);
    }

    private static Dictionary<char, byte[]> Build()
    {
        // each glyph: 7 rows of 5 bits, most significant bit on the left
        var source = new Dictionary<char, string>
        {
            ['A'] = "01110 10001 10001 11111 10001 10001 10001",
            ['B'] = "11110 10001 10001 11110 10001 10001 11110",
            ['C'] = "01110 10001 10000 10000 10000 10001 01110",
            ['D'] = "11110 10001 10001 10001 10001 10001 11110",
            ['E'] = "11111 10000 10000 11110 10000 10000 11111",
            ['F'] = "11111 10000 10000 11110 10000 10000 10000",
            ['G'] = "01110 10001 10000 10111 10001 10001 01111",
            ['H'] = "10001 10001 10001 11111 10001 10001 10001",
            ['I'] = "01110 00100 00100 00100 00100 00100 01110",
            ['J'] = "00111 00010 00010 00010 00010 10010 01100",
            ['K'] = "10001 10010 10100 11000 10100 10010 10001",
            ['L'] = "10000 10000 10000 10000 10000 10000 11111",
            ['M'] = "10001 11011 10101 10101 10001 10001 10001",
            ['N'] = "10001 10001 11001 10101 10011 10001 10001",
            ['O'] = "01110 10001 10001 10001 10001 10001 01110",
            ['P'] = "11110 10001 10001 11110 10000 10000 10000",
            ['Q'] = "01110 10001 10001 10001 10101 10010 01101",
            ['R'] = "11110 10001 10001 11110 10100 10010 10001",
            ['S'] = "01111 10000 10000 01110 00001 00001 11110",
            ['T'] = "11111 00100 00100 00100 00100 00100 00100",
            ['U'] = "10001 10001 10001 10001 10001 10001 01110",
            ['V'] = "10001 10001 10001 10001 10001 01010 00100",
            ['W'] = "10001 10001 10001 10101 10101 10101 01010",
            ['X'] = "10001 10001 01010 00100 01010 10001 10001",
            ['Y'] = "10001 10001 01010 00100 00100 00100 00100",
            ['Z'] = "11111 00001 00010 00100 01000 10000 11111",
            ['0'] = "01110 10001 10011 10101 11001 10001 01110",
            ['1'] = "00100 01100 00100 00100 00100 00100 01110",
            ['2'] = "01110 10001 00001 00010 00100 01000 11111",
            ['3'] = "11111 00010 00100 00010 00001 10001 01110",
            ['4'] = "00010 00110 01010 10010 11111 00010 00010",
            ['5'] = "11111 10000 11110 00001 00001 10001 01110",
            ['6'] = "00110 01000 10000 11110 10001 10001 01110",
            ['7'] = "11111 00001 00010 00100 01000 01000 01000",
            ['8'] = "01110 10001 10001 01110 10001 10001 01110",
            ['9'] = "01110 10001 10001 01111 00001 00010 01100",
            ['-'] = "00000 00000 00000 11111 00000 00000 00000",
            [':'] = "00000 01100 01100 00000 01100 01100 00000",
            ['.'] = "00000 00000 00000 00000 00000 01100 01100",
            ['/'] = "00000 00001 00010 00100 01000 10000 00000",
            ['·'] = "00000 00000 00000 01100 01100 00000 00000",
            ['_'] = "00000 00000 00000 00000 00000 00000 11111",
            ['+'] = "00000 00100 00100 11111 00100 00100 00000",
            [' '] = "00000 00000 00000 00000 00000 00000 00000",
        };
        return source.ToDictionary(kv => kv.Key, kv => kv.Value.Split(' ').Select(r => Convert.ToByte(r, 2)).ToArray());
    }
}
