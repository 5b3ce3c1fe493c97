using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Yunbao.LocalStack;

namespace Yunbao.IotHubStandIn.Tests;

/// <summary>
/// One run of tests/node-clients/iot-device/device.js: Microsoft's Node.js device SDK, unmodified, pointed at the stand-in
/// only through its connection string (GatewayHostName) and NODE_EXTRA_CA_CERTS. Reads its JSON lines; writes commands.
/// </summary>
public sealed class NodeDevice : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<JsonElement> _events = Channel.CreateUnbounded<JsonElement>();
    private readonly List<string> _log = [];

    private NodeDevice(Process process) => _process = process;

    public static string ClientDirectory => Path.Combine(LocalStandIns.FindRepoRoot(), "tests", "node-clients", "iot-device");

    /// <summary>Starts a scenario of device.js with <paramref name="connectionString"/>; transport "mqtt" (MQTT/TLS) or "ws" (MQTT over WebSockets).</summary>
    public static NodeDevice Start(IotHubStandIn hub, string scenario, string connectionString, string transport, IDictionary<string, string>? environment = null)
    {
        var directory = ClientDirectory;
        if (!Directory.Exists(Path.Combine(directory, "node_modules", "azure-iot-device")))
            throw new InvalidOperationException($"Microsoft's Node.js device SDK is not installed in {directory}: run tools/install-deps.sh.");
        var psi = new ProcessStartInfo("node")
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--require", "./port443.js", "device.js", scenario }) psi.ArgumentList.Add(arg);
        psi.Environment["DEVICE_CONNECTION_STRING"] = connectionString;
        psi.Environment["DEVICE_TRANSPORT"] = transport;
        psi.Environment["NODE_EXTRA_CA_CERTS"] = hub.CaCertificatePath ?? throw new InvalidOperationException("The stand-in was started without TLS.");
        psi.Environment["YUNBAO_HTTPS_PORT"] = hub.HttpsBaseAddress!.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        psi.Environment["NODE_OPTIONS"] = "";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) psi.Environment[key] = value;
        var process = Process.Start(psi) ?? throw new InvalidOperationException("node did not start");
        var device = new NodeDevice(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) { device._events.Writer.TryComplete(); return; }
            lock (device._log) device._log.Add(e.Data);
            if (!e.Data.StartsWith('{')) return;
            try { device._events.Writer.TryWrite(JsonDocument.Parse(e.Data).RootElement.Clone()); }
            catch (JsonException) { }
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (device._log) device._log.Add("stderr: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return device;
    }

    /// <summary>Waits for the next line with <c>event == name</c> (earlier other events are skipped); fails with the SDK's output.</summary>
    public async Task<JsonElement> WaitForAsync(string name, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            while (true)
            {
                var evt = await _events.Reader.ReadAsync(cts.Token);
                var kind = evt.GetProperty("event").GetString();
                if (kind == name) return evt;
                if (kind is "failed" or "open-failed" && name != kind)
                    throw new InvalidOperationException($"device.js: {evt}\n{Output}");
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
        {
            throw new TimeoutException($"device.js never printed '{name}'. Output:\n{Output}", ex);
        }
    }

    public async Task SendAsync(string command)
    {
        await _process.StandardInput.WriteLineAsync(command);
        await _process.StandardInput.FlushAsync();
    }

    public string Output { get { lock (_log) return string.Join('\n', _log); } }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try { await _process.WaitForExitAsync(cts.Token); }
            catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); }
        }
        _process.Dispose();
    }
}
