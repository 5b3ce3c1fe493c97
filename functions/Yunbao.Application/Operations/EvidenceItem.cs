using Yunbao.Contracts.Frames;

namespace Yunbao.Application.Operations;

/// <summary>
/// One picture of an order: a frame that raised or re-sighted it (with the detection's box in frame pixels), or a
/// steward's photo. <see cref="Key"/> names it in the order's evidence route; the bytes are only served through the API.
/// </summary>
public sealed record EvidenceItem(string Key, string Kind, DateTimeOffset At, string? By, string? IncidentId, PixelBox? Box, bool Simulated)
{
    public const string FrameKind = "frame";
    public const string PhotoKind = "photo";
}
