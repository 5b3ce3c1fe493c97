using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using MQTTnet.Server;
using Yunbao.Edge.IotHub;

namespace Yunbao.Bench;

/// <summary>
/// Outbox replay: a vehicle that was offline comes back with a backlog. Measures how fast the client drains its
/// durable outbox into a broker once it is reachable, and checks that every message arrives (dedupe by $.mid).
/// </summary>
internal static class OutboxReplayBenchmark
{
    private const string Key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    public static async Task<int> RunAsync(string[] args)
    {
        var messages = IntOption(args, "--messages", 100_000);
        var inFlight = IntOption(args, "--in-flight", 32);
        var fsync = args.Contains("--fsync");
        if (messages is < 1 or > 1_000_000) throw new ArgumentOutOfRangeException(nameof(args), "--messages must be 1..1,000,000 (bounded benchmark).");

        var dir = Path.Combine(Path.GetTempPath(), "yunbao-bench-outbox-" + Guid.NewGuid().ToString("N"));
        var port = FreePort();
        var settings = new IotHubConnectionSettings { HostName = "bench-hub.azure-devices.net", DeviceId = "patrol-car-bench", SharedAccessKey = Key };
        var options = new IotHubClientOptions
        {
            MqttHost = "127.0.0.1",
            MqttPort = port,
            UseTls = false,
            EndpointLabel = "benchmark broker (MQTTnet.Server, loopback)",
            Outbox = new OutboxOptions { Directory = dir, MaxBytes = 1L << 30, FlushToDisk = fsync },
            ReconnectMinDelay = TimeSpan.FromMilliseconds(50),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
            MaxInFlight = inFlight,
        };

        var received = new ReceivedLog(messages);
        MqttServer? server = null;
        try
        {
            await using var client = new IotHubClient(options, settings, new SharedAccessKeySigner(Key));
            await client.StartAsync();

            // 1. Broker down: buffer the backlog on disk.
            var enqueue = Stopwatch.StartNew();
            for (var i = 0; i < messages; i++)
            {
                var body = new
                {
                    kind = "vehicle",
                    districtId = "lize",
                    ts = DateTimeOffset.UnixEpoch.AddSeconds(1_764_000_000 + i),
                    lon = 116.295 + (i % 300) * 0.0001,
                    lat = 39.855 + (i % 200) * 0.0001,
                    headingDeg = i % 360,
                    speedKmh = 25.0,
                };
                await client.SendEventAsync(DeviceMessage.FromJson("position", body) with { MessageId = i.ToString("D7", CultureInfo.InvariantCulture) });
            }

            enqueue.Stop();
            var outboxBytes = Directory.EnumerateFiles(Path.Combine(dir, settings.ClientId)).Sum(f => new FileInfo(f).Length);

            // 2. Broker up: replay.
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var replay = Stopwatch.StartNew();
            server = await StartBrokerAsync(port, received);
            using var timeout = new CancellationTokenSource(Limit);
            await client.WaitForOutboxDrainedAsync(timeout.Token);
            await received.WaitForAsync(messages, timeout.Token);
            replay.Stop();
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            using var self = Process.GetCurrentProcess();

            var perSecond = messages / replay.Elapsed.TotalSeconds;
            Console.WriteLine();
            Console.WriteLine("Outbox replay (IoT Hub client -> in-process MQTTnet.Server on 127.0.0.1, QoS 1, MQTT 3.1.1)");
            Console.WriteLine($"in flight: {inFlight}, fsync per append: {fsync}, outbox on disk before replay: {outboxBytes / 1024.0 / 1024.0:F1} MiB");
            Console.WriteLine($"buffering while down: {messages / enqueue.Elapsed.TotalSeconds:N0} messages/s ({enqueue.Elapsed.TotalSeconds:F2} s)");
            Console.WriteLine();
            Row("messages", "seconds", "messages/s", "peak WS MiB", "alloc MiB", "lost", "duplicates", "out of order");
            Row(new string('-', 10), new string('-', 8), new string('-', 10), new string('-', 11), new string('-', 9), new string('-', 4), new string('-', 10), new string('-', 12));
            Row(
                messages.ToString("N0", CultureInfo.InvariantCulture),
                replay.Elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture),
                perSecond.ToString("N0", CultureInfo.InvariantCulture),
                (self.PeakWorkingSet64 / 1024.0 / 1024.0).ToString("F0", CultureInfo.InvariantCulture),
                (allocated / 1024.0 / 1024.0).ToString("F0", CultureInfo.InvariantCulture),
                received.Lost.ToString(CultureInfo.InvariantCulture),
                received.Duplicates.ToString(CultureInfo.InvariantCulture),
                received.OutOfOrder.ToString(CultureInfo.InvariantCulture));
            Console.WriteLine();
            var ok = received.Lost == 0 && received.OutOfOrder == 0 && perSecond >= 2000;
            Console.WriteLine(ok ? "PASS: nothing lost, order kept, >= 2,000 messages/s" : "FAIL: see the table (target: lost 0, in order, >= 2,000 messages/s)");
            return ok ? 0 : 1;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine($"FAIL: replay did not finish within {Limit}; {received.Unique} of {messages} arrived.");
            return 1;
        }
        finally
        {
            if (server is not null)
            {
                await server.StopAsync(new MqttServerStopOptionsBuilder().Build());
                server.Dispose();
            }

            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task<MqttServer> StartBrokerAsync(int port, ReceivedLog received)
    {
        var options = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
            .WithDefaultEndpointPort(port)
            .Build();
        var server = new MqttServerFactory().CreateMqttServer(options);
        server.InterceptingPublishAsync += e =>
        {
            // Only the message id is needed: it sits in the topic's property bag ($.mid=0000042&...).
            var topic = e.ApplicationMessage.Topic;
            var start = topic.IndexOf("$.mid=", StringComparison.Ordinal) + 6;
            var end = topic.IndexOf('&', start);
            received.Add(int.Parse(topic.AsSpan(start, (end < 0 ? topic.Length : end) - start), CultureInfo.InvariantCulture));
            e.ProcessPublish = false; // nobody subscribes; skip routing
            return Task.CompletedTask;
        };
        await server.StartAsync();
        return server;
    }

    private static void Row(params string[] cells) =>
        Console.WriteLine(string.Join("  ", cells.Select((c, i) => c.PadLeft(new[] { 10, 8, 10, 11, 9, 4, 10, 12 }[i]))));

    private static int IntOption(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Arrivals by message number: unique, duplicates and first arrivals out of send order.</summary>
    private sealed class ReceivedLog(int expected)
    {
        private readonly bool[] _seen = new bool[expected];
        private readonly object _lock = new();
        private int _lastFirstArrival = -1;
        private TaskCompletionSource? _done;

        public int Unique { get; private set; }
        public int Duplicates { get; private set; }
        public int OutOfOrder { get; private set; }
        public int Lost => expected - Unique;

        public void Add(int n)
        {
            lock (_lock)
            {
                if (_seen[n]) { Duplicates++; return; }
                _seen[n] = true;
                Unique++;
                if (n < _lastFirstArrival) OutOfOrder++;
                _lastFirstArrival = Math.Max(_lastFirstArrival, n);
                if (Unique == expected) _done?.TrySetResult();
            }
        }

        public Task WaitForAsync(int count, CancellationToken cancellationToken)
        {
            lock (_lock)
            {
                if (Unique >= count) return Task.CompletedTask;
                _done ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                return _done.Task.WaitAsync(cancellationToken);
            }
        }
    }
}
