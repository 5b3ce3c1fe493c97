namespace Yunbao.Application.Ports;

/// <summary>What a full decode of an uploaded image found: its format ("jpeg", "png") and size in pixels.</summary>
public sealed record ImageFacts(string Format, int Width, int Height)
{
    public string ContentType => Format == "png" ? "image/png" : "image/jpeg";
}
