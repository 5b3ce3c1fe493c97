using Yunbao.Domain.Geo;
using Yunbao.Domain.Incidents;
using Yunbao.Domain.Stewards;
using Yunbao.Contracts.Telemetry;
using Yunbao.Domain.WorkOrders;

namespace Yunbao.Application.Detection;

public sealed record FrameProcessingResult(
    string BlobName,
    string Provider,
    bool Simulated,
    int Detections,
    int IncidentsCreated,
    int IncidentsAlreadyKnown,
    IReadOnlyList<string> WorkOrdersOpened,
    IReadOnlyList<string> WorkOrdersUpdated);
