using Microsoft.Azure.Functions.Worker;
using Yunbao.Application.OpsEvents;

namespace Yunbao.Functions.Triggers;

/// <summary>Publishes the ops-events outbox (events stored with each work order) to the `ops-events` hub every 10 s.</summary>
public sealed class PublishOpsEvents(OpsEventOutbox outbox)
{
    [Function(nameof(PublishOpsEvents))]
    public Task Run([TimerTrigger("*/10 * * * * *")] TimerInfo timer, CancellationToken ct) => outbox.PublishPendingAsync(ct);
}
