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

/// <summary>Decodes a PNG (or any image Skia reads) to unpremultiplied RGBA; used by tests and tools to check tiles pixel by pixel.</summary>
public static class SkiaImageDecoder
{
    public sealed record RgbaImage(int Width, int Height, byte[] Rgba)
    {
        public (byte R, byte G, byte B, byte A) this[int x, int y]
        {
            get
            {
                var o = (y * Width + x) * 4;
                return (Rgba[o], Rgba[o + 1], Rgba[o + 2], Rgba[o + 3]);
            }
        }
    }

    public static RgbaImage DecodeRgba(ReadOnlySpan<byte> encoded)
    {
        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data) ?? throw new FormatException("Not an image Skia can decode.");
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var pixels = new byte[info.BytesSize];
        var handle = System.Runtime.InteropServices.GCHandle.Alloc(pixels, System.Runtime.InteropServices.GCHandleType.Pinned);
        try
        {
            var result = codec.GetPixels(info, handle.AddrOfPinnedObject());
            if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
                throw new FormatException($"Image decode failed: {result}.");
        }
        finally
        {
            handle.Free();
        }
        return new RgbaImage(info.Width, info.Height, pixels);
    }
}
