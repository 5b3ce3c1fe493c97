using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Queues;
using SkiaSharp;
using Yunbao.Domain.Tiles;
using Yunbao.Domain.WorkOrders;
using Yunbao.DevHost;

namespace Yunbao.DevHost.Tests;

/// <summary>
/// The whole local pipeline in-process: stand-ins, the fleet as edge module instances and steward phones talking to the
/// IoT Hub stand-in over MQTT and file upload, queues, functions, stewards, timers, HTTP API.
/// </summary>
[Trait("Category", "Slow")]   // a whole simulated run of the local pipeline; ./test.sh --fast leaves it out
public sealed class DevHostEndToEndTests
{
    [Fact]
    public async Task Three_simulated_hours_close_the_loop_and_replaying_every_message_changes_nothing()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        var options = new DevHostOptions
        {
            Hours = 3,
            Speedup = 1200,
            Seed = 7,
            Port = 0,
            Interactive = false,
            // 08:00 in Beijing: morning rush, shops opening, stewards on shift.
            Start = new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero),
            LogDirectory = Path.Combine(Path.GetTempPath(), "yunbao-devhost-tests"),
            ConfigureFleet = DevHostFleet.Small,
            // Fewer zoom levels keep the rollups short; z16 is where the test looks.
            ExtraSettings = new Dictionary<string, string?> { ["Heatmaps:MinZoom"] = "15", ["Heatmaps:MaxZoom"] = "16" },
            RollupEvery = TimeSpan.FromHours(2),
        };
        await using var run = await DevHostRun.StartAsync(options, _ => { }, ct);
        await run.RunSimulationAsync(null, ct);
        var summary = await run.SummarizeAsync(ct);
        var framePump = run.Pumps.Single(p => p.QueueName == "frame-events");
        var telemetryPump = run.Pumps.Single(p => p.QueueName == "telemetry");
        var framesProcessed = framePump.Processed;
        var telemetryProcessed = telemetryPump.Processed;

        var orders = await run.AllOrdersAsync(ct);
        var incidents = await run.AllIncidentsAsync(ct);
        Assert.True(summary.Frames > 0, "the fleet wrote frames");
        Assert.NotEmpty(incidents);
        Assert.NotEmpty(orders);
        Assert.All(orders, o => Assert.True(o.Simulated));
        Assert.Contains(orders, o => o.OccurrenceCount > 1);                                  // repeat sightings joined an open order
        Assert.Contains(orders, o => o.Events.Any(e => e.To == WorkOrderStatus.Dispatched));    // dispatched to a steward
        Assert.Contains(orders, o => o.Events.Any(e => e.To == WorkOrderStatus.Accepted && e.By.Role == "steward"));
        Assert.True(summary.HeatmapBlobs > 0);
        Assert.Equal(0, summary.PoisonMessages);

        // Frames came through IoT Hub file upload: every frame blob was uploaded by a camera module through the stand-in,
        // and every BlobCreated event the functions processed is one completed upload.
        var hub = Assert.IsType<IotHubStats>(summary.IotHub);
        Assert.Contains("IoT Hub STAND-IN (local, not Azure IoT Hub)", hub.Label);
        var frameBlobs = 0;
        await foreach (var blob in run.BlobService.GetBlobContainerClient("frames").GetBlobsAsync(cancellationToken: ct))
        {
            frameBlobs++;
            Assert.True(blob.Name.StartsWith("patrol-01/", StringComparison.Ordinal) || blob.Name.StartsWith("fixedcam-", StringComparison.Ordinal), blob.Name);
        }
        Assert.Equal(summary.Frames, hub.UploadsCompleted);
        Assert.Equal(hub.UploadsCompleted, frameBlobs);
        Assert.Equal(hub.UploadsCompleted, framesProcessed);
        Assert.Equal(0, hub.UploadsFailedOrRefused);
        // Telemetry came over MQTT: each DeviceTelemetry event processed was routed by the stand-in from a D2C publish, from
        // the patrol camera module, the sensor modules and the stewards' phones, each on its own identity.
        Assert.Equal(hub.RoutedToTelemetryQueue, telemetryProcessed);
        Assert.Equal(summary.TelemetryMessages, hub.DeviceToCloudMessages);
        Assert.True(hub.MessagesByType.GetValueOrDefault("position") > 0 && hub.MessagesByType.GetValueOrDefault("sensor") > 0, ProgressDisplay.ByType(hub));
        var connected = await run.IotHub!.Hub.ConnectedClientIdsAsync();
        Assert.Contains("patrol-01/PatrolCamera", connected);
        Assert.Contains("fixedcam-01/FixedCamera", connected);
        Assert.Contains("envsensor-01/EnvSensor", connected);
        Assert.Contains("steward-01", connected);
        Assert.Equal(0, hub.RefusedConnections);

        // The HTTP API answers on loopback with the Functions routes.
        using var http = new HttpClient { BaseAddress = new Uri(run.ApiBaseUrl + "/") };
        var health = await http.GetFromJsonAsync<JsonElement>("health", ct);
        Assert.True(health.GetProperty("detector").GetProperty("simulation").GetBoolean());
        Assert.Contains(health.GetProperty("standIns").EnumerateArray(), s => s.GetString()!.Contains("IoT Hub STAND-IN (local, not Azure IoT Hub)"));
        var list = await http.GetFromJsonAsync<JsonElement>("workorders?pageSize=5", ct);
        Assert.InRange(list.GetProperty("items").GetArrayLength(), 1, 5);

        // A tile at an incident's place is hot.
        var incident = incidents.OrderByDescending(i => i.ObservedAt).First();
        var tile = TileMath.TileAt(incident.Location, 16);
        var png = await http.GetByteArrayAsync($"heatmaps/all/24h/16/{tile.X}/{tile.Y}.png", ct);
        using (var bitmap = SKBitmap.Decode(png))
        {
            var (gx, gy) = TileMath.ToGlobalPixel(incident.Location, 16);
            var pixel = bitmap.GetPixel((int)gx - tile.X * TileMath.TileSize, (int)gy - tile.Y * TileMath.TileSize);
            Assert.True(pixel.Alpha > 0, $"tile 16/{tile.X}/{tile.Y} is transparent at incident {incident.Id}");
        }
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync("heatmaps/all/24h/11/0/0.png", ct)).StatusCode);

        // At-least-once delivery: every message the run processed, delivered again, changes nothing.
        var occurrences = orders.ToDictionary(o => o.Id, o => o.OccurrenceCount);
        var replayed = 0;
        foreach (var pump in run.Pumps)
        {
            var queue = run.QueueService.GetQueueClient(pump.QueueName);
            foreach (var message in pump.Handled.ToArray())
            {
                await queue.SendMessageAsync(message, ct);
                replayed++;
            }
        }
        Assert.True(replayed >= summary.Frames);
        foreach (var pump in run.Pumps) await pump.DrainOnceAsync(ct);

        var ordersAfter = await run.AllOrdersAsync(ct);
        Assert.Equal(incidents.Count, (await run.AllIncidentsAsync(ct)).Count);
        Assert.Equal(orders.Count, ordersAfter.Count);
        Assert.All(ordersAfter, o => Assert.Equal(occurrences[o.Id], o.OccurrenceCount));
    }
}
