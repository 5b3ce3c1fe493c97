using Yunbao.Domain.Heatmaps;
using Yunbao.Infrastructure.Imaging;

namespace Yunbao.Infrastructure.Tests.Imaging;

public sealed class PngTests
{
    [Fact]
    public void Skia_encoder_round_trips_unpremultiplied_rgba_exactly()
    {
        const int w = 256, h = 256;
        var rgba = new byte[w * h * 4];
        var rng = new Random(1);
        rng.NextBytes(rgba);
        // Translucent pixels with bright colour are where premultiplication would lose information.
        rgba[0] = 255; rgba[1] = 200; rgba[2] = 10; rgba[3] = 3;
        var png = new SkiaPngEncoder().Encode(rgba, w, h);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        var decoded = SkiaImageDecoder.DecodeRgba(png);
        Assert.Equal((w, h), (decoded.Width, decoded.Height));
        Assert.Equal(rgba, decoded.Rgba);
    }

    [Fact]
    public void Encoder_rejects_a_buffer_of_the_wrong_size() =>
        Assert.Throws<ArgumentException>(() => new SkiaPngEncoder().Encode(new byte[100], 256, 256));

    [Fact]
    public void Transparent_tile_is_a_256px_png_with_every_pixel_clear()
    {
        var decoded = SkiaImageDecoder.DecodeRgba(TransparentTile.Png.Span);
        Assert.Equal((256, 256), (decoded.Width, decoded.Height));
        Assert.All(decoded.Rgba, b => Assert.Equal(0, b));
        Assert.True(TransparentTile.Png.Span == TransparentTile.Png.Span, "the bytes are cached, not rebuilt");
    }
}
