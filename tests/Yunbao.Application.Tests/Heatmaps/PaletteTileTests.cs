using Yunbao.Domain.Heatmaps;
using Yunbao.Infrastructure.Imaging;

namespace Yunbao.Application.Tests.Heatmaps;

/// <summary>The paletted tile path (ramp levels → PalettePng) shows exactly the colours the RGBA path (Colorize) gives.</summary>
public sealed class PaletteTileTests
{
    [Fact]
    public void Paletted_tiles_decode_to_the_same_pixels_as_colourised_RGBA()
    {
        var rng = new Random(3);
        var intensity = new float[256 * 256];
        for (var p = 0; p < intensity.Length; p++)
            intensity[p] = p % 7 == 0 ? 0 : (float)(Math.Pow(rng.NextDouble(), 3) * 40);   // mostly faint, some zero
        intensity[12345] = 45;   // above the max: clamped to full heat
        var levels = new byte[intensity.Length];
        var rgba = new byte[intensity.Length * 4];
        Assert.True(HeatmapColorRamp.ToLevels(intensity, 40, levels));
        Assert.True(HeatmapColorRamp.Colorize(intensity, 40, rgba));

        var decoded = SkiaImageDecoder.DecodeRgba(PalettePng.Encode(levels, 256, 256, HeatmapColorRamp.Palette));
        Assert.Equal((256, 256), (decoded.Width, decoded.Height));
        Assert.Equal(rgba, decoded.Rgba);
        Assert.Equal(255, levels[12345]);
    }

    [Fact]
    public void An_all_zero_tile_has_no_levels()
    {
        Assert.False(HeatmapColorRamp.ToLevels(new float[256 * 256], 10, new byte[256 * 256]));
        Assert.False(HeatmapColorRamp.ToLevels(new float[256 * 256], 0, new byte[256 * 256]));
    }
}
