using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yunbao.Application.Detection;
using Yunbao.Application.Heatmaps;
using Yunbao.Application.Ports;
using Yunbao.Application.Stewards;
using Yunbao.Application.Telemetry;
using Yunbao.Application;
using Yunbao.Domain.Catalog;
using Yunbao.Domain.Dispatch;
using Yunbao.Domain.Incidents;
using Yunbao.Domain.Rules;
using Yunbao.Domain.Stewards;
using Yunbao.Domain.WorkOrders;

namespace Yunbao.Application.WorkOrders;

/// <summary>What one SLA sweep did.</summary>
public sealed record SlaEnforcementResult(int Escalated, int Reassigned, int Dispatched, int Closed = 0);
