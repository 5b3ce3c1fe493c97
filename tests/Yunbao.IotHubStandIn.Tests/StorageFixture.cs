using Azure.Storage.Queues;
using Yunbao.IotHubStandIn;
using Yunbao.LocalStack;
using Yunbao.Testing;

namespace Yunbao.IotHubStandIn.Tests;

/// <summary>Azurite for the assembly (no Cosmos: the stand-in needs only Storage). Each test starts its own stand-in on its own queues and container.</summary>
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

    public IotHubStandInOptions NewOptions(params DeviceSeed[] devices) => new()
    {
        StorageConnectionString = StorageConnectionString,
        TelemetryQueue = UniqueNames.Next("telemetry"),
        FrameEventsQueue = UniqueNames.Next("frame-events"),
        FramesContainer = UniqueNames.Next("frames"),
        Devices = [.. devices],
    };

    public QueueClient Queue(string name) => new(StorageConnectionString, name);
}
