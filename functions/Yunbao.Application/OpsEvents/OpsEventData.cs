using Yunbao.Domain.WorkOrders;

namespace Yunbao.Application.OpsEvents;

/// <summary>
/// The `data` of an ops event. "detected" (an incident opened the order) and "occurrence" (another incident joined it)
/// are the incident-created facts and name the incident; the others are work-order transitions. Notes and evidence
/// stay out: other city systems get the state change, not free text.
/// </summary>
public sealed record OpsEventData(
    string WorkOrderId,
    string DistrictId,
    string CategoryCode,
    string EventType,
    WorkOrderStatus From,
    WorkOrderStatus To,
    string ById,
    string ByRole,
    double Lon,
    double Lat,
    string? AssignedStewardId,
    string? IncidentId,
    bool Simulated);
