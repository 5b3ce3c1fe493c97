using Yunbao.Application.Operations;
using Yunbao.Contracts.Frames;

namespace Yunbao.Functions.Http;

/// <summary>One picture of an order; <see cref="Url"/> streams it through the API (the containers are private).</summary>
public sealed record EvidenceItemResource(string Key, string Kind, string Url, DateTimeOffset At, string? By, string? IncidentId, PixelBox? Box, bool Simulated)
{
    public static EvidenceItemResource From(EvidenceItem e, string orderUrl) =>
        new(e.Key, e.Kind, $"{orderUrl}/evidence/{e.Key}", e.At, e.By, e.IncidentId, e.Box, e.Simulated);
}
