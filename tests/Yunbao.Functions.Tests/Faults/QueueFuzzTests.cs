using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Azure.Functions.Worker;
using Xunit.Abstractions;
using Yunbao.Contracts;
using Yunbao.Contracts.Messaging;
using Yunbao.Contracts.Storage;
using Yunbao.Contracts.Telemetry;
using Yunbao.Functions.Http;
using Yunbao.Infrastructure.Messaging;
using Yunbao.Testing;

namespace Yunbao.Functions.Tests;

/// <summary>
/// The fault campaign's queue half (issue #8 point 5): FsCheck generates messages for EVERY [QueueTrigger] function —
/// frame BlobCreated events for DetectFrame, device telemetry events for IngestTelemetry — from valid ones with fields
/// mutated to junk, NaN, huge or nested values, to bytes that are no JSON at all. No function throws (with healthy
/// stand-ins nothing is transient, so a throw would be an unhandled crash), a message is parked in -poison at most once
/// and always with a reason, what is not even JSON is always parked, and both stand-ins were never restarted.
/// </summary>
[Collection(LocalStackFixture.CollectionName)]
public sealed class QueueFuzzTests(LocalStackFixture fixture, ITestOutputHelper output)
{
    private const int CaseCount = 200;

    /// <summary>A generator per queue message type. A new queue function without one fails the test, so none goes unfuzzed.</summary>
    private Dictionary<string, Gen<FuzzMessage>> Generators(FunctionsTestHost host, string realBlob) => new()
    {
        [StorageNames.FrameEventsQueue] = FrameEvents(realBlob),
        [StorageNames.TelemetryQueue] = Telemetry,
    };

    [Fact]
    public async Task No_generated_message_to_any_queue_function_throws_and_the_unusable_ones_are_parked_once_with_a_reason()
    {
        var restartsBefore = fixture.StandIns.Status.ToDictionary(s => s.Name, s => s.Restarts);
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        await host.SeedStewardAsync("steward-a");
        var real = EventGridEvents.ParseFrameBlobCreated(FunctionsTestHost.AsRuntimeDelivers(
            await host.UploadFrameAsync(FunctionsTestHost.Spot, FunctionsTestHost.Now.AddMinutes(-1), ("bin", "garbage-overflow")))).BlobName;
        var generators = Generators(host, real);

        var functions = QueueFunctions().ToList();
        Assert.NotEmpty(functions);
        foreach (var (queue, type, method) in functions)
        {
            Assert.True(generators.TryGetValue(queue, out var gen), $"No fuzz generator for queue '{queue}' ({type.Name}): add one here.");
            var poison = host.Queues.GetQueueClient(queue + PoisonQueue.Suffix);
            await poison.CreateIfNotExistsAsync();
            var (parked, processed) = (0, 0);
            var watch = Stopwatch.StartNew();
            Prop.ForAll(gen.ToArbitrary(), c => Task.Run(async () =>
            {
                await poison.ClearMessagesAsync();
                var instance = Microsoft.Extensions.DependencyInjection.ActivatorUtilities.CreateInstance(host.Services, type);
                await ((Task)method.Invoke(instance, [c.Message, CancellationToken.None])!).WaitAsync(TimeSpan.FromSeconds(20));
                var messages = (await poison.PeekMessagesAsync(32)).Value;
                Assert.True(messages.Length <= 1, $"parked {messages.Length} times");
                if (messages.Length == 1)
                {
                    var p = PoisonQueue.Parse(messages[0].Body.ToString());
                    Assert.False(string.IsNullOrWhiteSpace(p.Reason));
                    Assert.True(p.OriginalMessage == c.Message || (p.Truncated && c.Message.StartsWith(p.OriginalMessage, StringComparison.Ordinal)), "the parked message is not the one delivered");
                    parked++;
                }
                else
                {
                    Assert.False(c.NotJson, "a message that is not JSON was not parked");
                    processed++;
                }
            }).GetAwaiter().GetResult()).Check(Config.QuickThrowOnFailure.WithMaxTest(CaseCount).WithQuietOnSuccess(true));
            output.WriteLine($"{queue}: {CaseCount} messages in {watch.Elapsed.TotalSeconds:F1} s, {parked} parked, {processed} processed");
            Assert.True(parked > 0 && processed > 0, $"{queue}: {parked} parked, {processed} processed (the generator should give both)");
        }
        await HttpFuzzTests.AssertStandInsUntouchedAsync(host, restartsBefore);
    }

    /// <summary>Every queue-triggered function of the Functions app, by its [QueueTrigger] attribute.</summary>
    private static IEnumerable<(string Queue, Type Type, MethodInfo Method)> QueueFunctions() =>
        from t in typeof(HttpApi).Assembly.GetTypes()
        from m in t.GetMethods(BindingFlags.Public | BindingFlags.Instance)
        where m.GetCustomAttribute<FunctionAttribute>() is not null
        let trigger = m.GetParameters().Select(p => p.GetCustomAttribute<QueueTriggerAttribute>()).FirstOrDefault(a => a is not null)
        where trigger is not null
        select (trigger.QueueName, t, m);

    /// <summary>Junk that is no JSON document: always parked.</summary>
    private static Gen<FuzzMessage> NotJson { get; } = Gen.OneOf(
        FuzzInputs.Text.Where(t => !IsJson(t)),
        FuzzInputs.Hostile.Select(b => Encoding.UTF8.GetString(b)).Where(t => !IsJson(t)))
        .Select(t => new FuzzMessage(t, true));

    private static bool IsJson(string text)
    {
        try { using var _ = JsonDocument.Parse(text); return true; }
        catch (JsonException) { return false; }
    }

    private static Gen<FuzzMessage> Mix(Gen<string> valid) => Gen.Frequency(
        (2, valid.Select(v => new FuzzMessage(v, false))),
        (6, valid.SelectMany(FuzzInputs.Mutated).Select(v => new FuzzMessage(v, false))),
        (1, FuzzInputs.JsonValue(3).Select(v => new FuzzMessage(v?.ToJsonString() ?? "null", false))),
        (2, NotJson));

    private Gen<FuzzMessage> FrameEvents(string realBlob) => Mix(
        from container in Gen.Frequency((4, Gen.Constant("frames")), (1, Gen.Elements("heatmaps", "evidence", "$logs")), (1, FuzzInputs.Text))
        from blob in Gen.Frequency((4, Gen.Constant(realBlob)), (2, Gen.Elements("../heatmaps/manifest.json", "patrol-01/missing.jpg", realBlob + "/../../x")), (1, FuzzInputs.Text))
        select FunctionsTestHost.AsRuntimeDelivers(EventGridEvents.CreateBlobCreatedMessage(new BlobCreatedEventInput
        {
            BlobServiceUri = fixture.StandIns.BlobEndpoint, Container = container, BlobName = blob,
            ContentType = "image/jpeg", ContentLength = 34, ETag = "0x1", EventTime = FunctionsTestHost.Now,
        })));

    private static readonly string[] TelemetryBodies =
    [
        Json(new PositionReport("vehicle", "lize", FunctionsTestHost.Now, 116.31, 39.866, 90, 25)),
        Json(new PositionReport("steward", "lize", FunctionsTestHost.Now, 116.31, 39.866, StewardId: "steward-a", Available: true)),
        Json(new SensorReading("lize", FunctionsTestHost.Now, 116.31, 39.866, new Dictionary<string, double> { ["pm25"] = 35.5, ["noiseDb"] = 61 })),
        Json(new SensorAlert("lize", FunctionsTestHost.Now.AddMinutes(-2), 116.3051, 39.8611, "waterLevelCm", 12.5, 5, "raised")),
        Json(new SensorAlert("lize", FunctionsTestHost.Now.AddMinutes(-2), 116.3051, 39.8611, "waterLevelCm", 1, 5, "cleared")),
        """{"districtId":"lize","uptimeS":120}""",
    ];

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, YunbaoJson.Options);

    private static Gen<FuzzMessage> Telemetry { get; } = Mix(
        from device in Gen.Frequency((4, Gen.Elements("steward-a", "patrol-01", "envsensor-01", "waterlevel-01")), (1, FuzzInputs.Text))
        from type in Gen.Frequency((4, Gen.Elements(TelemetryTypes.Position, TelemetryTypes.Sensor, TelemetryTypes.Alert, TelemetryTypes.Health)), (1, FuzzInputs.Text))
        from body in Gen.Frequency(
            (2, Gen.Elements(TelemetryBodies).Select(Encoding.UTF8.GetBytes)),
            (4, Gen.Elements(TelemetryBodies).SelectMany(FuzzInputs.Mutated).Select(Encoding.UTF8.GetBytes)),
            (1, FuzzInputs.Hostile))
        select FunctionsTestHost.AsRuntimeDelivers(EventGridEvents.CreateDeviceTelemetryMessage(new DeviceTelemetryEventInput
        {
            DeviceId = device,
            Properties = new Dictionary<string, string> { ["type"] = type },
            Body = body,
            MessageId = Guid.NewGuid().ToString("N"),
            EnqueuedAt = FunctionsTestHost.Now,
        })));
}
