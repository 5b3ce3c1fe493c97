using Microsoft.Extensions.DependencyInjection;
using Yunbao.Contracts.Geo;
using Yunbao.Contracts.Messaging;
using Yunbao.Application.Ports;
using Yunbao.Application.WorkOrders;
using Yunbao.Domain.WorkOrders;
using Yunbao.Functions.Triggers;
using Yunbao.Infrastructure.Messaging;
using Yunbao.Testing;

namespace Yunbao.Functions.Tests;

[Collection(LocalStackFixture.CollectionName)]
public sealed class DetectFrameTests(LocalStackFixture fixture)
{
    private static readonly GeoPoint Spot = new(116.3105, 39.8652);

    [Fact]
    public async Task Frame_event_opens_a_simulated_work_order_and_the_same_event_twice_changes_nothing()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        var message = await host.UploadFrameAsync(Spot, FunctionsTestHost.Now.AddMinutes(-1), ("bin", "garbage-overflow"));

        await host.Function<DetectFrame>().Run(FunctionsTestHost.AsRuntimeDelivers(message), CancellationToken.None);
        var afterFirst = await CountsAsync(host);
        Assert.Equal(1, afterFirst.Incidents);
        var order = Assert.Single(afterFirst.Orders);
        Assert.Equal("garbage-overflow", order.CategoryCode);
        Assert.True(order.Simulated);
        Assert.InRange(order.Location.DistanceTo(Spot), 0, 30);

        // Event Grid delivers at least once: the same message again must not add an incident or an occurrence.
        await host.Function<DetectFrame>().Run(FunctionsTestHost.AsRuntimeDelivers(message), CancellationToken.None);
        var afterSecond = await CountsAsync(host);
        Assert.Equal(1, afterSecond.Incidents);
        var again = Assert.Single(afterSecond.Orders);
        Assert.Equal(order.OccurrenceCount, again.OccurrenceCount);
        Assert.Equal(order.IncidentIds, again.IncidentIds);
    }

    [Fact]
    public async Task A_second_frame_of_the_same_problem_joins_the_open_order()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        var first = await host.UploadFrameAsync(Spot, FunctionsTestHost.Now.AddMinutes(-20), ("bin", "garbage-overflow"));
        var second = await host.UploadFrameAsync(new GeoPoint(Spot.Lon + 0.00003, Spot.Lat), FunctionsTestHost.Now.AddMinutes(-5), ("bin", "garbage-overflow"));

        await host.Function<DetectFrame>().Run(FunctionsTestHost.AsRuntimeDelivers(first), CancellationToken.None);
        await host.Function<DetectFrame>().Run(FunctionsTestHost.AsRuntimeDelivers(second), CancellationToken.None);

        var counts = await CountsAsync(host);
        Assert.Equal(2, counts.Incidents);
        var order = Assert.Single(counts.Orders);
        Assert.Equal(2, order.OccurrenceCount);
    }

    [Fact]
    public async Task Malformed_message_goes_to_the_poison_queue_with_the_reason()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        var poison = host.Queues.GetQueueClient("frame-events-poison");
        await poison.ClearMessagesAsync();
        var marker = UniqueNames.Next("garbage");
        var message = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{{\"hello\":\"{marker}\"}}"));

        await host.Function<DetectFrame>().Run(message, CancellationToken.None);   // does not throw: a retry cannot help

        var received = (await poison.ReceiveMessagesAsync(32)).Value;
        var parked = received.Select(m => PoisonQueue.Parse(m.Body.ToString())).Single(p => p.OriginalMessage == message);
        Assert.Equal("frame-events", parked.Queue);
        Assert.False(string.IsNullOrWhiteSpace(parked.Reason));
        Assert.Empty((await CountsAsync(host)).Orders);
    }

    [Fact]
    public async Task Event_for_a_frame_that_does_not_exist_is_parked_not_retried()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        var poison = host.Queues.GetQueueClient("frame-events-poison");
        await poison.ClearMessagesAsync();
        var message = EventGridEvents.CreateBlobCreatedMessage(new BlobCreatedEventInput
        {
            BlobServiceUri = fixture.StandIns.BlobEndpoint, Container = "frames", BlobName = "patrol-test/never-uploaded.jpg",
            ContentType = "image/jpeg", ContentLength = 10, ETag = "0x1", EventTime = FunctionsTestHost.Now,
        });

        await host.Function<DetectFrame>().Run(message, CancellationToken.None);

        var parked = (await poison.ReceiveMessagesAsync(32)).Value.Select(m => PoisonQueue.Parse(m.Body.ToString())).Single();
        Assert.Contains("never-uploaded", parked.Reason + parked.OriginalMessage + FunctionsTestHost.AsRuntimeDelivers(parked.OriginalMessage));
    }

    internal static async Task<(int Incidents, List<WorkOrder> Orders)> CountsAsync(FunctionsTestHost host)
    {
        var incidents = host.Services.GetRequiredService<IIncidentRepository>();
        var n = 0;
        await foreach (var _ in incidents.ListObservedBetweenAsync("lize", FunctionsTestHost.Now.AddDays(-2), FunctionsTestHost.Now.AddDays(1), CancellationToken.None)) n++;
        var page = await host.Services.GetRequiredService<WorkOrderQueries>().QueryAsync(new WorkOrderQuery { DistrictId = "lize", PageSize = 200 }, CancellationToken.None);
        return (n, page.Items.ToList());
    }
}
