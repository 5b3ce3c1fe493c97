using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Yunbao.Application.WorkOrders;

/// <summary>What one SLA sweep did.</summary>
public sealed record SlaEnforcementResult(int Escalated, int Reassigned, int Dispatched, int Closed = 0);
