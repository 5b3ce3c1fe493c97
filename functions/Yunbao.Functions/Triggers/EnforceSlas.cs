using Microsoft.Azure.Functions.Worker;
using Yunbao.Application.WorkOrders;

namespace Yunbao.Functions.Triggers;

/// <summary>Escalates or reassigns work orders whose dispatch or resolve SLA has passed.</summary>
public sealed class EnforceSlas(SlaSweep sweep)
{
    [Function(nameof(EnforceSlas))]
    public Task Run([TimerTrigger("0 * * * * *")] TimerInfo timer, CancellationToken ct) => sweep.EnforceSlasAsync(ct);
}
