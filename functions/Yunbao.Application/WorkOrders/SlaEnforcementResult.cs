using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yunbao.Domain.Catalog;
using Yunbao.Domain.Dispatch;
using Yunbao.Domain.Incidents;
using Yunbao.Domain.Rules;
using Yunbao.Domain.Stewards;
using Yunbao.Domain.WorkOrders;

namespace Yunbao.Application.WorkOrders;

/// <summary>What one SLA sweep did.</summary>
public sealed record SlaEnforcementResult(int Escalated, int Reassigned, int Dispatched, int Closed = 0);
