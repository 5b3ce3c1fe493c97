using Yunbao.Application.WorkOrders;
using Yunbao.Domain.Geo;
using Yunbao.Domain.Incidents;
using Yunbao.Domain.Stewards;
using Yunbao.Contracts.Telemetry;
using Yunbao.Domain.WorkOrders;

namespace Yunbao.Application.Telemetry;

public sealed record TelemetryOutcome(string Kind, IReadOnlyList<IncidentOutcome> Incidents);
