using System.Collections.Concurrent;
using Azure.Storage.Queues;
using Yunbao.DevHost.Modules;
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
        // As the runner does: the modules connect over MQTT/TLS and verify the stand-in's certificate against its CA.
        CertificateDirectory = Path.Combine(Path.GetTempPath(), "yunbao-tests-iothub-ca"),
    };

    public QueueClient Queue(string name) => new(StorageConnectionString, name);

    public ModuleFleetOptions FleetOptions() => new()
    {
        OutboxDirectory = Path.Combine(Path.GetTempPath(), "yunbao-module-tests", Guid.NewGuid().ToString("N")),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(500),
    };

    public static string NewDeviceId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];
}
