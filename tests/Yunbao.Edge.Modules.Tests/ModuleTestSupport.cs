using System.Collections.Concurrent;
using Azure.Storage.Queues;
using Yunbao.Contracts.Frames;
using Yunbao.Contracts.Geo;
using Yunbao.DevHost.Modules;
using Yunbao.Edge.Modules;
using Yunbao.IotHubStandIn;
using Yunbao.LocalStack;
using Yunbao.Testing;

namespace Yunbao.Edge.Modules.Tests;

/// <summary>Azurite for the assembly; each test starts its own stand-in on its own queues.</summary>
public sealed class StorageFixture : IAsyncLifetime
{
    private LocalStandIns? _standIns;
    public string StorageConnectionString => _standIns!.StorageConnectionString;

    public async Task InitializeAsync() =>
        _standIns = await LocalStandIns.StartAsync(new LocalStandInsOptions { Cosmos = false, Log = Console.WriteLine });

    public async Task DisposeAsync()
    {
        if (_standIns is not null) await _standIns.DisposeAsync();
    }

    public static string ManifestPath => Path.Combine(AppContext.BaseDirectory, "deployment.template.json");

    /// <summary>Stand-in options on fresh queues; frames go to the production container `frames` (blob names carry a unique device id).</summary>
    public IotHubStandInOptions NewOptions(bool withManifest = false) => new()
    {
        StorageConnectionString = StorageConnectionString,
        TelemetryQueue = UniqueNames.Next("telemetry"),
        FrameEventsQueue = UniqueNames.Next("frame-events"),
        DeploymentManifestPath = withManifest ? ManifestPath : null,
    };

    public QueueClient Queue(string name) => new(StorageConnectionString, name);

    public ModuleFleetOptions FleetOptions() => new()
    {
        OutboxDirectory = Path.Combine(Path.GetTempPath(), "yunbao-module-tests", Guid.NewGuid().ToString("N")),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(500),
    };

    public static string NewDeviceId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];
}

[CollectionDefinition(Name)]
public sealed class StorageCollection : ICollectionFixture<StorageFixture>
{
    public const string Name = "storage";
}

/// <summary>A camera that returns a tiny JPEG-marked payload and says which capture it was.</summary>
public sealed class RecordingFrames : IFrameSource
{
    public ConcurrentQueue<FrameCapture> Captures { get; } = new();

    public Task<FrameImage> CaptureAsync(FrameCapture capture, CancellationToken cancellationToken)
    {
        Captures.Enqueue(capture);
        return Task.FromResult(new FrameImage(new byte[] { 0xFF, 0xD8, 0xFF, 0xD9 }, new Dictionary<string, string> { ["testsource"] = "recording" }));
    }
}

/// <summary>A vehicle standing at one place at a given speed (speed matters for the capture interval).</summary>
public sealed class SteadyPosition(GeoPoint position, double headingDeg, double speedKmh) : IPositionSource
{
    public PositionFix Read(DateTimeOffset at) => new(at, position, headingDeg, speedKmh);
}

/// <summary>A station whose pm25 follows a script (the last value repeats), with a running reading number.</summary>
public sealed class ScriptedSensor(params double[] pm25) : ISensorSource
{
    private int _index;
    public GeoPoint Position { get; } = new(116.308, 39.862);
    /// <summary>How many readings were taken so far.</summary>
    public int Reads => Volatile.Read(ref _index);

    public IReadOnlyDictionary<string, double> Read(DateTimeOffset at)
    {
        var i = Interlocked.Increment(ref _index) - 1;
        return new Dictionary<string, double> { ["pm25"] = pm25[Math.Min(i, pm25.Length - 1)], ["reading"] = i };
    }
}

public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan? timeout = null, string? because = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return;
            await Task.Delay(100);
        }
        Assert.Fail($"Condition not met in time{(because is null ? "" : ": " + because)}.");
    }

    public static Task TrueAsync(Func<bool> condition, TimeSpan? timeout = null, string? because = null) =>
        TrueAsync(() => Task.FromResult(condition()), timeout, because);
}

/// <summary>Drains a queue, keeping the raw message texts in arrival order.</summary>
public sealed class QueueCollector(QueueClient queue)
{
    public List<string> Messages { get; } = [];

    public async Task<int> PollAsync()
    {
        while (true)
        {
            var batch = (await queue.ReceiveMessagesAsync(maxMessages: 32, visibilityTimeout: TimeSpan.FromMinutes(5))).Value;
            if (batch.Length == 0) return Messages.Count;
            foreach (var message in batch)
            {
                Messages.Add(message.MessageText);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }
        }
    }
}
