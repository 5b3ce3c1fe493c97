using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Yunbao.Edge.IotHub.Tests;

/// <summary>
/// Debian's mosquitto as a child process. A subscriber on <c>devices/#</c> records what is delivered (topic and body);
/// what the broker itself accepted from a client (PUBLISH received, in order, across restarts) is read from its debug
/// log, because mosquitto 2.0 may drop queued or in-flight QoS 1 messages for subscribers over a restart
/// (eclipse-mosquitto/mosquitto#2811), which must not be mistaken for loss by the client under test.
/// </summary>
public sealed class MosquittoBroker : TestBrokerBase
{
    private readonly string _dir = TestPaths.NewTempDirectory("mosquitto");
    private Process? _process;
    private IMqttClient? _subscriber;
    private CancellationTokenSource? _subscriberLoop;
    private Task? _subscriberTask;

    public override string Name => "mosquitto";

    public static string? Binary =>
        new[] { "/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto" }.FirstOrDefault(File.Exists);

    public const string MissingMessage = "mosquitto is not installed (the test script runs `apt-get install -y mosquitto`); broker conformance against it was skipped.";

    public override async Task StartAsync()
    {
        // Started as root, mosquitto drops to its own user: let it write its log here.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(_dir, (UnixFileMode)0x1FF);
        var conf = Path.Combine(_dir, "mosquitto.conf");
        await File.WriteAllTextAsync(conf, $"""
            listener {Port} 127.0.0.1
            allow_anonymous true
            max_queued_messages 0
            log_dest file {_dir}/mosquitto.log
            log_type all
            log_timestamp false
            """);
        _process = Process.Start(new ProcessStartInfo(Binary ?? throw new InvalidOperationException(MissingMessage), $"-c {conf}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        await WaitForPortAsync();
        if (_subscriber is null) await StartSubscriberAsync();
    }

    public override async Task StopAsync()
    {
        if (_process is null) return;
        // SIGTERM, as a service manager would stop it.
        using (var kill = Process.Start("kill", $"-TERM {_process.Id}")) await kill!.WaitForExitAsync();
        if (!_process.WaitForExit(10_000)) _process.Kill();
        _process.Dispose();
        _process = null;
    }

    public override async ValueTask DisposeAsync()
    {
        _subscriberLoop?.Cancel();
        if (_subscriberTask is not null) await _subscriberTask;
        _subscriber?.Dispose();
        await StopAsync();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    public override IReadOnlyList<string> AcceptedTopics
    {
        get
        {
            // "Received PUBLISH from car-1 (d0, q1, r0, m3, 'devices/car-1/messages/events/...', ... (9 bytes))"
            var path = Path.Combine(_dir, "mosquitto.log");
            if (!File.Exists(path)) return [];
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var topics = new List<string>();
            while (reader.ReadLine() is { } line)
            {
                if (!line.StartsWith("Received PUBLISH from ", StringComparison.Ordinal)) continue;
                var start = line.IndexOf('\'');
                var end = line.IndexOf("', ", start + 1, StringComparison.Ordinal);
                if (start > 0 && end > start) topics.Add(line[(start + 1)..end]);
            }

            return topics;
        }
    }

    private async Task WaitForPortAsync()
    {
        var sw = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (sw.Elapsed < TimeSpan.FromSeconds(10))
            {
                if (_process!.HasExited) throw new InvalidOperationException($"mosquitto exited: {await _process.StandardError.ReadToEndAsync()} {Log()}");
                await Task.Delay(50);
            }
        }
    }

    private string Log() => File.Exists(Path.Combine(_dir, "mosquitto.log")) ? File.ReadAllText(Path.Combine(_dir, "mosquitto.log")) : "";

    private async Task StartSubscriberAsync()
    {
        _subscriber = new MqttClientFactory().CreateMqttClient();
        _subscriber.ApplicationMessageReceivedAsync += e =>
        {
            Record(new ReceivedPublish(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray(), null, e.ApplicationMessage.QualityOfServiceLevel));
            return Task.CompletedTask;
        };
        await ConnectSubscriberAsync(CancellationToken.None);
        _subscriberLoop = new CancellationTokenSource();
        var token = _subscriberLoop.Token;
        _subscriberTask = Task.Run(async () =>
        {
            while (!token.IsCancellationRequested)
            {
                try
                {
                    if (!_subscriber.IsConnected) await ConnectSubscriberAsync(token);
                    await Task.Delay(50, token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                catch (Exception)
                {
                    try { await Task.Delay(50, token); } catch (OperationCanceledException) { break; }
                }
            }
        });
    }

    private async Task ConnectSubscriberAsync(CancellationToken cancellationToken)
    {
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", Port)
            .WithClientId("yunbao-test-receiver")
            .WithCleanSession(false)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V311)
            .WithTimeout(TimeSpan.FromSeconds(5))
            .Build();
        var result = await _subscriber!.ConnectAsync(options, cancellationToken);
        if (!result.IsSessionPresent)
            await _subscriber.SubscribeAsync("devices/#", MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken);
    }
}
