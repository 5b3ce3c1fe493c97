using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Yunbao.Contracts.Messaging;
using Yunbao.Contracts.Telemetry;
using Yunbao.Application.Ports;
using Yunbao.Domain.Stewards;
using Yunbao.Functions.Triggers;
using Yunbao.Infrastructure.Messaging;
using Yunbao.Testing;
using Yunbao.Contracts;

namespace Yunbao.Functions.Tests;

[Collection(LocalStackFixture.CollectionName)]
public sealed class IngestTelemetryTests(LocalStackFixture fixture)
{
    /// <summary>The Base64 DeviceTelemetry event IoT Hub's Event Grid route puts in the `telemetry` queue.</summary>
    private static string Message(string deviceId, string? moduleId, string type, object body) =>
        EventGridEvents.CreateDeviceTelemetryMessage(new DeviceTelemetryEventInput
        {
            DeviceId = deviceId,
            ModuleId = moduleId,
            Properties = new Dictionary<string, string> { ["type"] = type },
            Body = JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), YunbaoJson.Options),
            MessageId = Guid.NewGuid().ToString("N"),
            EnqueuedAt = FunctionsTestHost.Now,
        });

    [Fact]
    public async Task Steward_position_moves_the_steward()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        var repo = host.Services.GetRequiredService<IStewardRepository>();
        Assert.True(await repo.TryCreateAsync(new Steward { Id = "steward-07", DistrictId = "lize", Name = "s7", Location = new(116.30, 39.86) }, CancellationToken.None));

        var message = Message("steward-07", null, TelemetryTypes.Position,
            new PositionReport("steward", "lize", FunctionsTestHost.Now, 116.3133, 39.8688, StewardId: "steward-07", Available: true));
        await host.Function<IngestTelemetry>().Run(FunctionsTestHost.AsRuntimeDelivers(message), CancellationToken.None);

        var steward = await repo.GetAsync("lize", "steward-07", CancellationToken.None);
        Assert.Equal(116.3133, steward!.Location.Lon, 6);
        Assert.Equal(39.8688, steward.Location.Lat, 6);
    }

    [Fact]
    public async Task Water_level_alert_opens_a_waterlogging_order_once_however_often_it_arrives()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        var message = Message("waterlevel-01", "EnvSensor", TelemetryTypes.Alert,
            new SensorAlert("lize", FunctionsTestHost.Now.AddMinutes(-2), 116.3051, 39.8611, "waterLevelCm", 12.5, 5, "raised"));

        await host.Function<IngestTelemetry>().Run(FunctionsTestHost.AsRuntimeDelivers(message), CancellationToken.None);
        await host.Function<IngestTelemetry>().Run(FunctionsTestHost.AsRuntimeDelivers(message), CancellationToken.None);

        var (incidents, orders) = await DetectFrameTests.CountsAsync(host);
        Assert.Equal(1, incidents);
        var order = Assert.Single(orders);
        Assert.Equal("waterlogging", order.CategoryCode);
        Assert.Equal(1, order.OccurrenceCount);
    }

    [Fact]
    public async Task Unknown_telemetry_type_is_parked_with_the_reason()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        var poison = host.Queues.GetQueueClient("telemetry-poison");
        await poison.ClearMessagesAsync();
        var message = Message("patrol-01", "PatrolCamera", "teleport", new { districtId = "lize" });

        await host.Function<IngestTelemetry>().Run(message, CancellationToken.None);

        var parked = (await poison.ReceiveMessagesAsync(32)).Value.Select(m => PoisonQueue.Parse(m.Body.ToString())).Single(p => p.OriginalMessage == message);
        Assert.Equal("telemetry", parked.Queue);
        Assert.Contains("teleport", parked.Reason);
    }
}
