
namespace Yunbao.Application.Ports;

/// <summary>Encodes RGBA pixels to PNG (SkiaSharp in Infrastructure).</summary>
public interface IPngEncoder
{
    byte[] Encode(ReadOnlySpan<byte> rgba, int width, int height);
}
