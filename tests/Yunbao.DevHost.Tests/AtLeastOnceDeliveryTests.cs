using Yunbao.DevHost;

namespace Yunbao.DevHost.Tests;

/// <summary>
/// The fault campaign's at-least-once case (issue #8 point 5): a short simulated run where EVERY queue message (frame
/// events and telemetry) is delivered three times, interleaved with the rest. Each is processed three times and the
/// results are what one delivery gives: one incident per sighting, one order per incident chain with no incident
/// counted twice, one frame per completed upload.
/// </summary>
[Trait("Category", "Slow")]   // a simulated run of the local pipeline; ./test.sh --fast leaves it out
public sealed class AtLeastOnceDeliveryTests
{
    [Fact]
    public async Task Every_message_delivered_three_times_gives_the_results_of_one_delivery()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        var options = new DevHostOptions
        {
            Hours = 0.5, Speedup = 1200, Seed = 11, Port = 0, Interactive = false, DeliverEachMessage = 3,
            Start = new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero),   // 08:00 in Beijing
            LogDirectory = Path.Combine(Path.GetTempPath(), "yunbao-devhost-tests"),
            ConfigureFleet = DevHostFleet.Small,
            ExtraSettings = new Dictionary<string, string?> { ["Heatmaps:MinZoom"] = "16", ["Heatmaps:MaxZoom"] = "16" },
            RollupEvery = TimeSpan.FromHours(4),
        };
        await using var run = await DevHostRun.StartAsync(options, _ => { }, ct);
        await run.RunSimulationAsync(null, ct);
        var summary = await run.SummarizeAsync(ct);
        var hub = Assert.IsType<IotHubStats>(summary.IotHub);

        // Each distinct message was handled exactly three times, on both queues.
        foreach (var pump in run.Pumps)
        {
            var handled = pump.Handled.ToArray().GroupBy(t => t, StringComparer.Ordinal).ToList();
            Assert.NotEmpty(handled);
            Assert.All(handled, g => Assert.Equal(3, g.Count()));
        }
        var frames = run.Pumps.Single(p => p.QueueName == "frame-events");
        var telemetry = run.Pumps.Single(p => p.QueueName == "telemetry");
        // Ground truth of the transport: one frame message per completed upload, one telemetry message per routed D2C message.
        Assert.Equal(hub.UploadsCompleted, frames.Handled.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(3 * hub.UploadsCompleted, frames.Processed);
        Assert.Equal(hub.RoutedToTelemetryQueue, telemetry.Handled.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(0, summary.PoisonMessages);

        // The stored results count each sighting once: no incident twice in an order, every incident in exactly one order.
        var incidents = await run.AllIncidentsAsync(ct);
        var orders = await run.AllOrdersAsync(ct);
        Assert.NotEmpty(incidents);
        Assert.NotEmpty(orders);
        Assert.All(orders, o => Assert.Equal(o.IncidentIds.Distinct(StringComparer.Ordinal).Count(), o.OccurrenceCount));
        var inOrders = orders.SelectMany(o => o.IncidentIds).ToList();
        Assert.Equal(inOrders.Count, inOrders.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(incidents.Where(i => i.WorkOrderId is not null).Select(i => i.Id).Order(StringComparer.Ordinal), inOrders.Order(StringComparer.Ordinal));
        // At most one incident per frame and object: a redelivered frame adds none.
        Assert.Equal(incidents.Count, incidents.Select(i => (i.FrameBlobName ?? i.Id, i.CategoryCode, i.Box)).Distinct().Count());
    }
}
