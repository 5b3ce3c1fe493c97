using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Yunbao.Contracts.Frames;
using Yunbao.Contracts.Geo;
using Yunbao.Contracts.Messaging;
using Yunbao.Contracts.Telemetry;
using Yunbao.DevHost;
using Yunbao.Edge.Simulator.Output;
using Yunbao.LocalStack;

namespace Yunbao.DevHost.Tests;

/// <summary>The DevHost's overlapping fleet uploads against Azurite: everything is stored by the flush, in each device's order.</summary>
public sealed class ConcurrentFleetSinkTests : IAsyncLifetime
{
    private LocalStandIns? _azurite;

    public async Task InitializeAsync() => _azurite = await LocalStandIns.StartAsync(new LocalStandInsOptions { Cosmos = false });

    public async Task DisposeAsync()
    {
        if (_azurite is not null) await _azurite.DisposeAsync();
    }

    private async Task<(DirectStorageFleetSink Sink, BlobContainerClient Frames, QueueClient FrameEvents, QueueClient Telemetry)> StorageAsync(bool createContainer = true)
    {
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var frames = new BlobContainerClient(_azurite!.StorageConnectionString, "frames" + suffix);
        // The sink writes Event Grid's Base64 text itself, as DirectStorageFleetSink.ForConnectionString's clients do.
        var frameEvents = new QueueClient(_azurite.StorageConnectionString, "fe" + suffix);
        var telemetry = new QueueClient(_azurite.StorageConnectionString, "tm" + suffix);
        if (createContainer) await frames.CreateAsync();
        await frameEvents.CreateAsync();
        await telemetry.CreateAsync();
        return (new DirectStorageFleetSink(frames, frameEvents, telemetry), frames, frameEvents, telemetry);
    }

    private static FrameCapture Capture(int i) => new()
    {
        BlobName = $"patrol-01/2026/11/25/{i:D6}-front.jpg", DeviceId = "patrol-01", DistrictId = "lize",
        CapturedAt = new DateTimeOffset(2026, 11, 25, 0, 0, i, TimeSpan.Zero), Position = new GeoPoint(116.31, 39.865),
    };

    [Fact]
    public async Task Everything_published_in_a_step_is_stored_when_the_flush_returns_and_each_device_keeps_its_order()
    {
        var (inner, frames, frameEvents, telemetry) = await StorageAsync();
        var sink = new ConcurrentFleetSink(inner, maxInFlight: 4);
        var start = new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 12; i++)
        {
            await sink.PublishFrameAsync(Capture(i), [0xFF, 0xD8, (byte)i, 0xFF, 0xD9], new Dictionary<string, string>(), CancellationToken.None);
            foreach (var steward in new[] { "steward-01", "steward-02", "steward-03" })
                await sink.PublishTelemetryAsync(steward, null, TelemetryTypes.Position,
                    new PositionReport("steward", "lize", start.AddSeconds(i), 116.31, 39.865, StewardId: steward), CancellationToken.None);
        }
        await sink.FlushAsync(CancellationToken.None);

        var blobs = new List<string>();
        await foreach (var b in frames.GetBlobsAsync()) blobs.Add(b.Name);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => Capture(i).BlobName).Order(), blobs.Order());
        Assert.Equal(12, (await frameEvents.GetPropertiesAsync()).Value.ApproximateMessagesCount);

        var seconds = new Dictionary<string, List<int>>();
        while ((await telemetry.ReceiveMessagesAsync(32)).Value is { Length: > 0 } batch)
            foreach (var m in batch)
            {
                var message = EventGridEvents.ParseDeviceTelemetry(m.Body.ToString());
                var ts = message.Body.GetProperty("ts").GetDateTimeOffset();
                (seconds.TryGetValue(message.DeviceId, out var list) ? list : seconds[message.DeviceId] = []).Add((int)(ts - start).TotalSeconds);
                await telemetry.DeleteMessageAsync(m.MessageId, m.PopReceipt);
            }
        Assert.Equal(3, seconds.Count);
        Assert.All(seconds.Values, s => Assert.Equal(Enumerable.Range(0, 12), s));
    }

    [Fact]
    public async Task A_failed_upload_fails_the_flush()
    {
        var (inner, _, _, _) = await StorageAsync(createContainer: false);
        var sink = new ConcurrentFleetSink(inner);
        await sink.PublishFrameAsync(Capture(1), [0xFF, 0xD8, 0xFF, 0xD9], new Dictionary<string, string>(), CancellationToken.None);
        await Assert.ThrowsAnyAsync<Exception>(() => sink.FlushAsync(CancellationToken.None));
    }
}
