using Yunbao.Application.WorkOrders;

namespace Yunbao.Application.Telemetry;

public sealed record TelemetryOutcome(string Kind, IReadOnlyList<IncidentOutcome> Incidents);
