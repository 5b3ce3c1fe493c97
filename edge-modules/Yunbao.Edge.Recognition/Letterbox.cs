using SkiaSharp;

namespace Yunbao.Edge.Recognition;

/// <summary>
/// YOLO pre-processing: scale the image to fit an S×S square keeping its aspect ratio, centre it on grey (114),
/// and lay it out as a float CHW tensor of RGB in 0..1. <see cref="Scale"/> and the pads map boxes back.
/// </summary>
public sealed record Letterbox(float[] Tensor, int Size, double Scale, double PadX, double PadY)
{
    public const byte PadGrey = 114;

    public static Letterbox Of(SKBitmap image, int size)
    {
        ArgumentNullException.ThrowIfNull(image);
        var scale = Math.Min((double)size / image.Width, (double)size / image.Height);
        var w = Math.Max(1, (int)Math.Round(image.Width * scale));
        var h = Math.Max(1, (int)Math.Round(image.Height * scale));
        var padX = (size - w) / 2.0;
        var padY = (size - h) / 2.0;
        using var canvasBitmap = new SKBitmap(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(canvasBitmap))
        {
            canvas.Clear(new SKColor(PadGrey, PadGrey, PadGrey));
            using var scaled = image.Resize(new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Premul), new SKSamplingOptions(SKFilterMode.Linear));
            canvas.DrawBitmap(scaled, (float)Math.Floor(padX), (float)Math.Floor(padY));
        }
        var tensor = new float[3 * size * size];
        var plane = size * size;
        var pixels = canvasBitmap.Pixels;
        for (var i = 0; i < plane; i++)
        {
            tensor[i] = pixels[i].Red / 255f;
            tensor[plane + i] = pixels[i].Green / 255f;
            tensor[2 * plane + i] = pixels[i].Blue / 255f;
        }
        return new Letterbox(tensor, size, scale, Math.Floor(padX), Math.Floor(padY));
    }
}
