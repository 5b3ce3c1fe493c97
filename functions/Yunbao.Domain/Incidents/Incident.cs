using Yunbao.Contracts.Frames;
using Yunbao.Contracts.Geo;
using Yunbao.Domain.Citizens;

namespace Yunbao.Domain.Incidents;

/// <summary>
/// One observation of a street problem at a place and time (from a frame, a sensor, a citizen, a steward).
/// Incidents are immutable facts; work orders are what people act on.
/// </summary>
public sealed record Incident
{
    /// <summary>Deterministic: derived from the frame blob name + category + box (see IncidentId), so a redelivered frame changes nothing.</summary>
    public required string Id { get; init; }
    public required string DistrictId { get; init; }
    public required string CategoryCode { get; init; }
    public required EventSource Source { get; init; }
    public required GeoPoint Location { get; init; }
    public required DateTimeOffset ObservedAt { get; init; }
    public double Confidence { get; init; } = 1.0;
    public string? DeviceId { get; init; }
    public string? FrameBlobName { get; init; }
    public PixelBox? Box { get; init; }
    /// <summary>Detector provider that produced it ("azure-vision", "simulation", "sensor", "citizen", ...).</summary>
    public string Provider { get; init; } = "";
    /// <summary>True when produced by the simulation detector or simulated devices. Never shown as real.</summary>
    public bool Simulated { get; init; }
    /// <summary>Set for illegal parking that blocks a lane.</summary>
    public bool Congestion { get; init; }
    /// <summary>The work order this incident opened or attached to, once known.</summary>
    public string? WorkOrderId { get; init; }
    public string? Description { get; init; }
    /// <summary>Set for a citizen's Open311 request (source Citizen): its channel, answers, photo and the reporter's private contact.</summary>
    public CitizenReport? Citizen { get; init; }
}
