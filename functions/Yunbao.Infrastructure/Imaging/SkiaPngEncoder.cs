using SkiaSharp;
using Yunbao.Application.Ports;

namespace Yunbao.Infrastructure.Imaging;

/// <summary>PNG encoding of unpremultiplied RGBA pixels with SkiaSharp (libpng + zlib underneath).</summary>
public sealed class SkiaPngEncoder : IPngEncoder
{
    // Measured on heat tiles: the "Up" row filter with zlib level 3 encodes in ~1 ms (all filters at level 6: ~30 ms)
    // for files of ~3 KB instead of ~1.5 KB. Rollups write thousands of tiles, so time wins.
    private static readonly SKPngEncoderOptions Options = new(SKPngEncoderFilterFlags.Up, zLibLevel: 3);

    public byte[] Encode(ReadOnlySpan<byte> rgba, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (rgba.Length != width * height * 4)
            throw new ArgumentException($"Expected {width * height * 4} RGBA bytes for {width}x{height}, got {rgba.Length}.", nameof(rgba));

        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        rgba.CopyTo(bitmap.GetPixelSpan());
        using var pixmap = bitmap.PeekPixels();
        using var data = pixmap.Encode(Options)
            ?? throw new InvalidOperationException("SkiaSharp could not encode the PNG.");
        return data.ToArray();
    }
}
