
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
