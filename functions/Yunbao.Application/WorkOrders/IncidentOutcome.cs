using Yunbao.Domain.Incidents;

namespace Yunbao.Application.WorkOrders;

/// <summary>What recording one incident did: whether it was new, and the order it opened or joined (null while persistence is not met).</summary>
public sealed record IncidentOutcome(Incident Incident, bool Created, string? WorkOrderId, bool WorkOrderOpened);
