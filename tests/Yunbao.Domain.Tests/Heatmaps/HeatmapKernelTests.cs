using Yunbao.Contracts.Geo;
using Yunbao.Domain.Heatmaps;
using Yunbao.Domain.Tiles;

namespace Yunbao.Domain.Tests.Heatmaps;

public sealed class HeatmapKernelTests
{
    private static readonly GeoPoint Lize = new(116.3103, 39.8651);

    [Theory]
    [InlineData(12)]
    [InlineData(15)]
    [InlineData(18)]
    public void Bandwidth_in_metres_becomes_pixels_at_the_zoom_and_latitude(int z)
    {
        var k = HeatmapKernel.Place(Lize, 1, 60, z);
        Assert.Equal(60 / TileMath.MetersPerPixel(Lize.Lat, z), k.RadiusPixels, 9);
        Assert.Equal(60 / TileMath.MetersPerPixel(Lize.Lat, z - 1), k.RadiusPixels / 2, 9);
    }

    [Fact]
    public void Intensity_peaks_at_the_incident_falls_with_distance_and_is_zero_beyond_the_radius()
    {
        var k = HeatmapKernel.Place(Lize, 1, 60, 17);
        var peak = k.IntensityAt(k.X, k.Y);
        Assert.Equal(k.Peak, peak, 9);
        var previous = peak;
        for (var d = 1.0; d < k.RadiusPixels; d += 1)
        {
            var v = k.IntensityAt(k.X + d, k.Y);
            Assert.True(v < previous && v > 0, $"not decreasing at {d}px");
            previous = v;
        }
        Assert.Equal(0, k.IntensityAt(k.X + k.RadiusPixels + 0.01, k.Y));
        Assert.Equal(0, k.IntensityAt(k.X + k.RadiusPixels * 0.8, k.Y + k.RadiusPixels * 0.8));
    }

    [Fact]
    public void Rendered_kernel_is_symmetric_about_the_incident()
    {
        // Incident exactly on a pixel centre in the middle of a tile.
        var z = 17;
        var tile = TileMath.TileAt(Lize, z);
        var centre = TileMath.FromGlobalPixel(tile.X * 256 + 128.5, tile.Y * 256 + 128.5, z);
        var scene = HeatmapScene.Build([new HeatPoint(centre)], z, 30);
        var buffer = new float[256 * 256];
        scene.Render(tile, buffer);
        float At(int i, int j) => buffer[j * 256 + i];
        var r = (int)HeatmapKernel.Place(centre, 1, 30, z).RadiusPixels;
        Assert.True(r is > 20 and < 120);
        for (var d = 1; d <= r + 2; d++)
        {
            AssertClose(At(128 + d, 128), At(128 - d, 128));
            AssertClose(At(128, 128 + d), At(128, 128 - d));
            AssertClose(At(128 + d, 128), At(128, 128 + d));
            AssertClose(At(128 + d, 128 + d), At(128 - d, 128 - d));
        }
        Assert.True(At(128 + r - 1, 128) > 0);
        Assert.Equal(0, At(128 + r + 1, 128));
        Assert.Equal(buffer.Max(), At(128, 128));
    }

    [Fact]
    public void Pixels_on_both_sides_of_a_tile_border_match()
    {
        // An incident exactly on the border between two tiles, halfway down: each tile draws its half,
        // and the columns touching the border are mirror images.
        var z = 16;
        var west = TileMath.TileAt(Lize, z);
        var east = west with { X = west.X + 1 };
        var onBorder = TileMath.FromGlobalPixel(east.X * 256.0, west.Y * 256 + 100.5, z);
        var scene = HeatmapScene.Build([new HeatPoint(onBorder)], z, 60);
        Assert.Contains(west, scene.Tiles);
        Assert.Contains(east, scene.Tiles);
        var w = new float[256 * 256];
        var e = new float[256 * 256];
        scene.Render(west, w);
        scene.Render(east, e);
        for (var row = 0; row < 256; row++)
            for (var d = 0; d < 20; d++)
                AssertClose(w[row * 256 + 255 - d], e[row * 256 + d]);
        Assert.True(w[100 * 256 + 255] > 0);
    }

    [Fact]
    public void A_tile_gets_heat_from_an_incident_in_its_neighbour()
    {
        var z = 17;
        var tile = TileMath.TileAt(Lize, z);
        // 10 px south of the tile's bottom edge: inside the neighbour, but within the ~65 px radius.
        var below = TileMath.FromGlobalPixel(tile.X * 256 + 60.5, (tile.Y + 1) * 256 + 10.5, z);
        Assert.NotEqual(tile, TileMath.TileAt(below, z));
        var scene = HeatmapScene.Build([new HeatPoint(below)], z, 60);
        var buffer = new float[256 * 256];
        Assert.True(scene.Render(tile, buffer) > 0);
        var k = HeatmapKernel.Place(below, 1, 60, z);
        AssertClose(k.IntensityAt(tile.X * 256 + 60.5, tile.Y * 256 + 255.5), buffer[255 * 256 + 60]);
    }

    [Fact]
    public void Tiles_beyond_the_radius_are_not_in_the_scene()
    {
        var z = 18;
        var scene = HeatmapScene.Build([new HeatPoint(Lize)], z, 60);
        var radius = HeatmapKernel.Place(Lize, 1, 60, z).RadiusPixels;
        Assert.InRange(scene.Tiles.Count, 1, 4);
        var (x, y) = TileMath.ToGlobalPixel(Lize, z);
        foreach (var t in scene.Tiles)
        {
            var nx = Math.Clamp(x, t.X * 256, t.X * 256 + 256);
            var ny = Math.Clamp(y, t.Y * 256, t.Y * 256 + 256);
            Assert.True(Math.Sqrt((nx - x) * (nx - x) + (ny - y) * (ny - y)) <= radius);
        }
    }

    [Fact]
    public void One_incident_adds_about_one_incident_of_mass()
    {
        // Density in incidents/km² summed over pixel areas ≈ the weight (discretisation error only).
        var z = 18;
        var scene = HeatmapScene.Build([new HeatPoint(Lize, 2)], z, 60);
        var buffer = new float[256 * 256];
        var pixelKm2 = Math.Pow(TileMath.MetersPerPixel(Lize.Lat, z) / 1000, 2);
        var mass = scene.Tiles.Sum(t => { scene.Render(t, buffer); return buffer.Sum(v => (double)v) * pixelKm2; });
        Assert.Equal(2, mass, 0.02);
    }

    [Fact]
    public void Weights_scale_intensity_and_weightless_points_add_nothing()
    {
        var one = HeatmapScene.Build([new HeatPoint(Lize, 1)], 16, 60);
        var three = HeatmapScene.Build([new HeatPoint(Lize, 3), new HeatPoint(new GeoPoint(116.31, 39.86), 0)], 16, 60);
        var tile = TileMath.TileAt(Lize, 16);
        var a = new float[65536];
        var b = new float[65536];
        AssertClose(3 * one.Render(tile, a), three.Render(tile, b));
        Assert.Equal(one.Tiles.Count, three.Tiles.Count);
    }

    [Fact]
    public void Colour_ramp_is_transparent_at_zero_and_grows_in_alpha_to_red()
    {
        Assert.Equal((0, 0, 0, 0), HeatmapColorRamp.ColorAt(0));
        var previousAlpha = -1;
        for (var t = 0.0; t <= 1.0; t += 1.0 / 255)
        {
            var c = HeatmapColorRamp.ColorAt(t);
            Assert.True(c.A >= previousAlpha);
            previousAlpha = c.A;
        }
        Assert.Equal((255, 0, 0, HeatmapColorRamp.MaxAlpha), HeatmapColorRamp.ColorAt(1));
        var blue = HeatmapColorRamp.ColorAt(0.2);
        Assert.True(blue.B == 255 && blue.R == 0 && blue.G == 0);
        var green = HeatmapColorRamp.ColorAt(0.45);
        Assert.True(green.G > 250 && green.R < 5 && green.B < 5);
        var yellow = HeatmapColorRamp.ColorAt(0.7);
        Assert.True(yellow.R > 250 && yellow.G > 250 && yellow.B < 5);
    }

    [Fact]
    public void Colorize_uses_the_given_maximum_not_the_buffer_maximum()
    {
        float[] intensity = [0, 5, 10];
        var rgba = new byte[12];
        Assert.True(HeatmapColorRamp.Colorize(intensity, 20, rgba));
        Assert.Equal(0, rgba[3]);
        Assert.Equal(HeatmapColorRamp.ColorAt(Math.Sqrt(0.5)).A, rgba[11]);
        Assert.Equal(HeatmapColorRamp.ColorAt(0.5).A, rgba[7]);
        Assert.True(rgba[7] < rgba[11] && rgba[11] < HeatmapColorRamp.MaxAlpha);
        Assert.False(HeatmapColorRamp.Colorize([0f, 0f], 20, new byte[8]));
    }

    private static void AssertClose(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-4 * Math.Max(1, Math.Abs(expected)), $"expected {expected}, got {actual}");
}
