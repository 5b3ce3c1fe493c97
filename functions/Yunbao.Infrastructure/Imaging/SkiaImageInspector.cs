using SkiaSharp;
using Yunbao.Application.Ports;

namespace Yunbao.Infrastructure.Imaging;

/// <summary>Accepts JPEG and PNG only, and only when every pixel decodes (a truncated or forged file is refused).</summary>
public sealed class SkiaImageInspector : IImageInspector
{
    /// <summary>Phone cameras reach about 50 megapixels; anything far larger is a decompression bomb, not a photo.</summary>
    public const long MaxPixels = 64L * 1024 * 1024;

    public ImageFacts? Inspect(ReadOnlySpan<byte> bytes)
    {
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        if (codec is null) return null;
        var format = codec.EncodedFormat switch
        {
            SKEncodedImageFormat.Jpeg => "jpeg",
            SKEncodedImageFormat.Png => "png",
            _ => null,
        };
        var (w, h) = (codec.Info.Width, codec.Info.Height);
        if (format is null || w <= 0 || h <= 0 || (long)w * h > MaxPixels) return null;
        var info = new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        return codec.GetPixels(info, bitmap.GetPixels()) == SKCodecResult.Success ? new ImageFacts(format, w, h) : null;
    }
}
