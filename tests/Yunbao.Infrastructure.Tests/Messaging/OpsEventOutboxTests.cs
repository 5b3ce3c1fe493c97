using System.Text.Json;
using Json.Schema;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Consumer;
using Azure.Messaging.EventHubs.Producer;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Yunbao.Application;
using Yunbao.Application.OpsEvents;
using Yunbao.Contracts.Geo;
using Yunbao.Domain.Catalog;
using Yunbao.Domain.WorkOrders;
using Yunbao.EventHubsStandIn;
using Yunbao.Infrastructure.Cosmos;
using Yunbao.Infrastructure.Messaging;
using Yunbao.Testing;

namespace Yunbao.Infrastructure.Tests.Messaging;

/// <summary>
/// The ops-events outbox end to end: work orders in the Cosmos stand-in, the official Event Hubs client publishing to the
/// Event Hubs stand-in, the events read back with the official consumer.
/// </summary>
[Collection(LocalStackFixture.CollectionName)]
public sealed class OpsEventOutboxTests(LocalStackFixture fx)
{
    private const string Key = "b3BzLWV2ZW50cy10ZXN0LWtleS1ub3QtYS1zZWNyZXQ=";
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);

    private static Task<EventHubsStandIn.EventHubsStandIn> StartHubAsync(int port = 0) =>
        EventHubsStandIn.EventHubsStandIn.StartAsync(new EventHubsStandInOptions
        {
            Port = port,
            Hubs = [new EventHubDefinition { Name = "ops-events", PartitionCount = 4 }],
            Keys = [new StandInAccessKey("app", Key)],
        });

    private static EventHubProducerClient Producer(string connectionString) => new(connectionString, new EventHubProducerClientOptions
    {
        RetryOptions = new EventHubsRetryOptions { MaximumRetries = 0, TryTimeout = TimeSpan.FromSeconds(3) },
    });

    private async Task<CosmosWorkOrderRepository> RepositoryAsync() =>
        new((await fx.CreateDatabaseAsync("opsev")).GetContainer(CosmosNames.WorkOrders));

    private static OpsEventOutbox Outbox(CosmosWorkOrderRepository repo, EventHubProducerClient producer) =>
        new(repo, new EventHubOpsEventPublisher(producer), Options.Create(new DistrictOptions { DistrictId = "lize" }), NullLogger<OpsEventOutbox>.Instance);

    private static WorkOrder NewOrder(string id) => WorkOrder.Rehydrate(new WorkOrderSnapshot
    {
        Id = id, DistrictId = "lize", CategoryCode = "illegal-parking", Severity = Severity.Medium, Location = new GeoPoint(116.31, 39.865),
        CreatedAt = T0, UpdatedAt = T0, LastSeenAt = T0, IncidentIds = ["inc-" + id],
        Events = [new WorkOrderEvent { Type = WorkOrderEventTypes.Detected, From = WorkOrderStatus.Detected, To = WorkOrderStatus.Detected, By = Actor.System, At = T0 }],
    });

    private static async Task<List<EventData>> ReadAllAsync(EventHubsStandIn.EventHubsStandIn hub)
    {
        await using var consumer = new EventHubConsumerClient(EventHubConsumerClient.DefaultConsumerGroupName, hub.ConnectionString("ops-events"));
        var all = new List<EventData>();
        foreach (var p in hub.Partitions("ops-events").Where(p => !p.IsEmpty))
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await foreach (var e in consumer.ReadEventsFromPartitionAsync(p.PartitionId, EventPosition.Earliest, cts.Token))
            {
                all.Add(e.Data);
                if (e.Data.SequenceNumber == p.LastSequenceNumber) break;
            }
        }
        return all;
    }

    private static JsonElement Json(EventData e) => JsonDocument.Parse(e.EventBody.ToArray()).RootElement;

    [Fact]
    public async Task Each_fact_is_published_once_as_a_cloud_event_keyed_by_the_order()
    {
        await using var hub = await StartHubAsync();
        await using var producer = Producer(hub.ConnectionString("ops-events"));
        var repo = await RepositoryAsync();
        var outbox = Outbox(repo, producer);
        var order = NewOrder("wo-ops-1");
        await repo.TryCreateAsync(order, default);

        Assert.Equal(1, (await outbox.PublishPendingAsync(default)).Published);
        order = (await repo.GetAsync("lize", "wo-ops-1", default))!;
        order.Escalate(T0.AddMinutes(5), "no steward free");
        await repo.ReplaceAsync(order, default);
        order.Reject(new Actor("d-1", ActorRoles.Dispatcher), T0.AddMinutes(9), "duplicate report");
        await repo.ReplaceAsync(order, default);
        Assert.Equal(2, (await outbox.PublishPendingAsync(default)).Published);
        Assert.Equal(0, (await outbox.PublishPendingAsync(default)).Published); // nothing left: a repeat sweep sends nothing

        var events = await ReadAllAsync(hub);
        Assert.Equal(["wo-ops-1:0", "wo-ops-1:1", "wo-ops-1:2"], events.Select(e => Json(e).GetProperty("id").GetString()));
        Assert.Equal(["city.yunbao.workorder.detected", "city.yunbao.workorder.escalated", "city.yunbao.workorder.rejected"],
            events.Select(e => Json(e).GetProperty("type").GetString()));
        Assert.All(events, e =>
        {
            var json = Json(e);
            Assert.Equal("1.0", json.GetProperty("specversion").GetString());
            Assert.Equal("wo-ops-1", json.GetProperty("subject").GetString());
            Assert.Equal("/yunbao/districts/lize/workorders", json.GetProperty("source").GetString());
            Assert.Equal("wo-ops-1", e.PartitionKey);
        });
        Assert.Equal("inc-wo-ops-1", Json(events[0]).GetProperty("data").GetProperty("incidentId").GetString());
        Assert.Equal("rejected", Json(events[2]).GetProperty("data").GetProperty("to").GetString());
        Assert.Equal(T0.AddMinutes(9), DateTimeOffset.Parse(Json(events[2]).GetProperty("time").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.False((await repo.GetAsync("lize", "wo-ops-1", default))!.HasUnpublishedEvents);
        var schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Schemas", "ops-events.schema.json")));
        Assert.All(events, e => Assert.True(schema.Evaluate(Json(e)).IsValid, e.EventBody.ToString()));
    }

    [Fact]
    public async Task Duplicate_sweeps_at_once_lose_nothing_and_repeats_carry_the_same_id()
    {
        await using var hub = await StartHubAsync();
        await using var producer = Producer(hub.ConnectionString("ops-events"));
        var repo = await RepositoryAsync();
        for (var i = 0; i < 3; i++) await repo.TryCreateAsync(NewOrder($"wo-dup-{i}"), default);

        // Two deliveries of the same trigger, as a queue or a timer can give.
        await Task.WhenAll(Outbox(repo, producer).PublishPendingAsync(default), Outbox(repo, producer).PublishPendingAsync(default));
        await Outbox(repo, producer).PublishPendingAsync(default);

        var events = await ReadAllAsync(hub);
        var ids = events.Select(e => Json(e).GetProperty("id").GetString()).ToList();
        Assert.Equal(["wo-dup-0:0", "wo-dup-1:0", "wo-dup-2:0"], ids.Distinct().Order());
        Assert.All(events.GroupBy(e => Json(e).GetProperty("id").GetString()), g => Assert.Single(g.Select(e => e.EventBody.ToString()).Distinct()));
        for (var i = 0; i < 3; i++) Assert.False((await repo.GetAsync("lize", $"wo-dup-{i}", default))!.HasUnpublishedEvents);
    }

    [Fact]
    public async Task While_event_hubs_is_down_transitions_still_save_and_the_events_go_out_when_it_is_back()
    {
        var first = await StartHubAsync();
        var port = first.Port;
        var connectionString = first.ConnectionString("ops-events");
        await first.DisposeAsync(); // Event Hubs is away
        await using var producer = Producer(connectionString);
        var repo = await RepositoryAsync();
        var outbox = Outbox(repo, producer);

        var order = NewOrder("wo-down-1");
        await repo.TryCreateAsync(order, default);
        order.Escalate(T0.AddMinutes(1), "overdue");
        await repo.ReplaceAsync(order, default); // the transition does not touch Event Hubs
        var whileDown = await outbox.PublishPendingAsync(default);

        Assert.Equal(0, whileDown.Published);
        Assert.Equal(1, whileDown.OrdersFailed);
        Assert.True((await repo.GetAsync("lize", "wo-down-1", default))!.HasUnpublishedEvents);

        await using var back = await StartHubAsync(port);
        var afterwards = await outbox.PublishPendingAsync(default);

        Assert.Equal(2, afterwards.Published);
        Assert.Equal(["wo-down-1:0", "wo-down-1:1"], (await ReadAllAsync(back)).Select(e => Json(e).GetProperty("id").GetString()));
    }
}
