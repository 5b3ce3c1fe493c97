using Microsoft.Azure.Functions.Worker;
using Yunbao.Domain.Pipeline;

namespace Yunbao.Functions.Functions;

/// <summary>Escalates or reassigns work orders whose dispatch or resolve SLA has passed.</summary>
public sealed class EnforceSlas(WorkOrderService workOrders)
{
    [Function(nameof(EnforceSlas))]
    public Task Run([TimerTrigger("0 * * * * *")] TimerInfo timer, CancellationToken ct) => workOrders.EnforceSlasAsync(ct);
}
