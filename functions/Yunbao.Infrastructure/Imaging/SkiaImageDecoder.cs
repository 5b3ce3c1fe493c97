using SkiaSharp;

namespace Yunbao.Infrastructure.Imaging;

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
