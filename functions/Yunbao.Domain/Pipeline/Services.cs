using Yunbao.Contracts.Geo;
using Yunbao.Domain.Incidents;
using Yunbao.Domain.Ports;
using Yunbao.Domain.Stewards;
using Yunbao.Domain.WorkOrders;

namespace Yunbao.Domain.Pipeline;

// Application services: what a function or endpoint calls. They orchestrate the domain through the
// ports in Yunbao.Domain.Ports and never see Azure types. Signatures are the contract between
// the Functions app / DevHost and the domain.

/// <summary>Thrown for input that can never succeed (missing frame, unparseable metadata): the message goes to poison with this reason.</summary>
public sealed class UnprocessableInputException(string reason) : Exception(reason);

public sealed record FrameProcessingResult(
    string BlobName,
    string Provider,
    bool Simulated,
    int Detections,
    int IncidentsCreated,
    int IncidentsAlreadyKnown,
    IReadOnlyList<string> WorkOrdersOpened,
    IReadOnlyList<string> WorkOrdersUpdated);

public sealed record IncidentOutcome(Incident Incident, bool Created, string? WorkOrderId, bool WorkOrderOpened);

public sealed record TelemetryOutcome(string Kind, IReadOnlyList<IncidentOutcome> Incidents);

public enum WorkOrderAction { Dispatch, Accept, Start, Resolve, Verify, Close, Reject, Escalate, Reopen }

public sealed record WorkOrderTransition
{
    public required string DistrictId { get; init; }
    public required string WorkOrderId { get; init; }
    public required WorkOrderAction Action { get; init; }
    public required Actor By { get; init; }
    /// <summary>The ETag the caller last saw (If-Match). Null only for system callers that re-read.</summary>
    public string? IfMatch { get; init; }
    public string? StewardId { get; init; }
    public GeoPoint? Where { get; init; }
    public string? Note { get; init; }
    public IReadOnlyList<string> Evidence { get; init; } = [];
}

/// <summary>What one rollup did. <see cref="TilesWritten"/>: tiles with heat now published; <see cref="TilesRendered"/>: of those,
/// the ones this run drew and wrote (pyramids whose inputs had not changed are kept as they were).</summary>
public sealed record HeatmapRollupResult(DateTimeOffset GeneratedAt, int IncidentsCounted, int TilesWritten, double MaxIntensity)
{
    public int TilesRendered { get; init; } = TilesWritten;
    public int PyramidsRendered { get; init; }
}
