using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Yunbao.Edge.EnvSensor;
using Yunbao.Edge.FixedCamera;
using Yunbao.Edge.IotHub;
using Yunbao.Edge.Modules;
using Yunbao.Edge.PatrolCamera;
using StandIn = Yunbao.IotHubStandIn.IotHubStandIn;

namespace Yunbao.DevHost.Modules;

/// <summary>
/// The local runner's edge: runs edge modules in-process against the local IoT Hub stand-in: registers each module identity, gives it a
/// connection string for 127.0.0.1, and runs PatrolCamera / FixedCamera / EnvSensor as IoT Edge would run them. The cameras
/// upload frames as on a vehicle: with the DEVICE identity (<see cref="FrameUploaderFor"/>), never their module identity.
/// </summary>
public sealed class ModuleFleet : IAsyncDisposable
{
    private readonly List<(EdgeModule Module, Task Run)> _running = [];
    private readonly CancellationTokenSource _stop = new();

    private ModuleFleet() { }

    public IReadOnlyList<EdgeModule> Modules => [.. _running.Select(r => r.Module)];

    public static async Task<ModuleFleet> StartAsync(StandIn hub, IEnumerable<ModuleSpec> modules, ModuleFleetOptions? options = null,
        ILoggerFactory? loggerFactory = null, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        options ??= new ModuleFleetOptions();
        loggerFactory ??= NullLoggerFactory.Instance;
        var fleet = new ModuleFleet();
        foreach (var spec in modules)
        {
            var module = await CreateModuleAsync(hub, spec, options, loggerFactory, time, cancellationToken);
            if (options.RunSchedules)
                fleet._running.Add((module, Task.Run(() => module.RunAsync(fleet._stop.Token), CancellationToken.None)));
            else
            {
                await module.ConnectAsync(fleet._stop.Token);
                fleet._running.Add((module, Task.CompletedTask));
            }
        }
        return fleet;
    }

    /// <summary>
    /// Client options that point a module identity at the stand-in (loopback, labelled): MQTT over TLS verified against the
    /// stand-in's CA when it has one (the runner's default), plain MQTT otherwise; file upload the same way (HTTPS or http).
    /// </summary>
    public static IotHubClientOptions ClientOptionsFor(StandIn hub, string deviceId, string? moduleId, ModuleFleetOptions options) => new()
    {
        ConnectionString = hub.Registry.GetConnectionString(deviceId, moduleId),
        MqttHost = "127.0.0.1",
        MqttPort = hub.MqttTlsPort ?? hub.MqttPort,
        UseTls = hub.MqttTlsPort is not null,
        TrustedCaCertificateFile = hub.CaCertificatePath,
        HttpBaseAddress = (hub.HttpsBaseAddress ?? hub.HttpBaseAddress).ToString(),
        EndpointLabel = StandIn.Label,
        ReconnectMinDelay = TimeSpan.FromMilliseconds(200),
        ReconnectMaxDelay = options.ReconnectMaxDelay,
        Outbox = new OutboxOptions { Directory = options.OutboxDirectory },
    };

    /// <summary>Registers the identity on the stand-in and builds the module (not yet running: call RunAsync).</summary>
    public static async Task<EdgeModule> CreateModuleAsync(StandIn hub, ModuleSpec spec, ModuleFleetOptions options,
        ILoggerFactory? loggerFactory = null, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        loggerFactory ??= NullLoggerFactory.Instance;
        hub.AddDevice(spec.DeviceId, [spec.ModuleId]);
        var clientOptions = ClientOptionsFor(hub, spec.DeviceId, spec.ModuleId, options);
        var client = await IotHubClient.CreateAsync(clientOptions, loggerFactory, time, cancellationToken: cancellationToken);
        var context = new ModuleContext(spec.DeviceId, spec.ModuleId, options.DistrictId) { MessageProperties = options.MessageProperties };
        var moduleTime = options.ModuleClock ?? time;
        return spec switch
        {
            PatrolCameraSpec p => new PatrolCameraModule(client, FrameUploaderFor(hub, spec.DeviceId, clientOptions, loggerFactory, time), context, p.Frames, p.Position, p.Settings, moduleTime, loggerFactory.CreateLogger<PatrolCameraModule>()),
            FixedCameraSpec f => new FixedCameraModule(client, FrameUploaderFor(hub, spec.DeviceId, clientOptions, loggerFactory, time), context, f.Frames, f.Position, f.Settings, moduleTime, loggerFactory.CreateLogger<FixedCameraModule>()),
            EnvSensorSpec e => new EnvSensorModule(client, context, e.Sensor, e.Settings, moduleTime, loggerFactory.CreateLogger<EnvSensorModule>()),
            _ => throw new ArgumentException($"Unknown module spec {spec.GetType().Name}.", nameof(spec)),
        };
    }

    /// <summary>
    /// The camera's frame uploader exactly as on a vehicle: IoT Hub file upload with the DEVICE identity's connection string
    /// (the stand-in, like IoT Hub, answers 401 to a module identity's upload), over the stand-in's HTTP endpoint.
    /// </summary>
    public static DeviceFileUploader FrameUploaderFor(StandIn hub, string deviceId, IotHubClientOptions clientOptions, ILoggerFactory loggerFactory, TimeProvider? time = null) =>
        DeviceFileUploader.FromConnectionString(hub.Registry.GetConnectionString(deviceId), clientOptions, expectedDeviceId: deviceId,
            logger: loggerFactory.CreateLogger<DeviceFileUploader>(), time: time);

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        foreach (var (module, run) in _running)
        {
            try { await run; } catch (Exception) { /* logged by the module */ }
            await module.DisposeAsync();
        }
        _stop.Dispose();
    }
}
