using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yunbao.Application.Ports;

namespace Yunbao.Application.OpsEvents;

/// <summary>
/// Publishes the ops-events outbox: each order document keeps its history and a watermark (PublishedEventCount); a
/// sweep (timer) reads the orders with events past the watermark, publishes those events, then moves the watermark with
/// the order's ETag. At least once: a failed publish leaves the events pending for the next sweep, a watermark that loses
/// to a concurrent transition is redone next time, and a repeat carries the same CloudEvents id. Transitions never call
/// Event Hubs, so they neither wait for it nor fail with it.
/// </summary>
public sealed class OpsEventOutbox(
    IWorkOrderRepository orders,
    IOpsEventPublisher publisher,
    IOptions<DistrictOptions> district,
    ILogger<OpsEventOutbox> logger)
{
    /// <summary>Orders handled per sweep; the rest wait for the next one.</summary>
    public const int MaxOrdersPerSweep = 200;

    public async Task<OpsEventSweepResult> PublishPendingAsync(CancellationToken ct)
    {
        int published = 0, failed = 0, deferred = 0;
        var pending = await orders.ListWithUnpublishedEventsAsync(district.Value.DistrictId, MaxOrdersPerSweep, ct);
        foreach (var order in pending)
        {
            var upTo = order.Events.Count;
            var events = Enumerable.Range(order.PublishedEventCount, upTo - order.PublishedEventCount).Select(i => OpsEvent.From(order, i)).ToList();
            try
            {
                await publisher.PublishAsync(order.Id, events, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // Stays in the outbox; the next sweep retries. One failure usually means Event Hubs is away: stop here.
                failed++;
                logger.LogWarning("Ops events of {WorkOrderId} stay pending ({Count}): {Reason}", order.Id, events.Count, e.Message);
                break;
            }
            published += events.Count;
            order.MarkEventsPublished(upTo);
            try
            {
                await orders.ReplaceAsync(order, ct);
            }
            catch (ConcurrencyConflictException)
            {
                // A transition wrote first: its save kept the old watermark, so these events go out again (same ids).
                deferred++;
            }
        }
        if (published > 0 || failed > 0)
            logger.LogInformation("Ops events: {Published} published, {Failed} orders pending after a failure, {Deferred} watermarks deferred", published, failed, deferred);
        return new OpsEventSweepResult(published, failed, deferred);
    }
}
