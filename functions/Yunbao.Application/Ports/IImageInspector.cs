namespace Yunbao.Application.Ports;

/// <summary>Decodes an image completely (not just its header) so that only real pictures are accepted.</summary>
public interface IImageInspector
{
    /// <summary>The image's facts when it is a JPEG or PNG that decodes fully; null otherwise.</summary>
    ImageFacts? Inspect(ReadOnlySpan<byte> bytes);
}
