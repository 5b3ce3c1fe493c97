using System.Data.Common;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Yunbao.IotHubStandIn;

/// <summary>
/// IoT Hub STAND-IN (local, not Azure IoT Hub): an MQTT broker and file-upload endpoint on 127.0.0.1 that speak IoT Hub's
/// documented device protocol, with a device registry, twins, direct methods, and routing into the Storage queues the
/// Functions app reads (`telemetry`, `frame-events`). Start it with <see cref="StartAsync"/>.
/// </summary>
public sealed class IotHubStandIn : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account key (public, documented; not a secret).</summary>
    private const string DevStorageKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly MqttGateway _mqtt;
    private readonly FileUploadService _uploads;
    private readonly ILogger _logger;

    private IotHubStandIn(IotHubStandInOptions options, DeviceRegistry registry, TwinStore twins, StandInStats stats,
        EdgeDeploymentManifest? manifest, MqttGateway mqtt, FileUploadService uploads, LocalCertificateAuthority? ca, ILogger logger)
    {
        (Options, Registry, Twins, Stats, Manifest, _mqtt, _uploads, CertificateAuthority, _logger) = (options, registry, twins, stats, manifest, mqtt, uploads, ca, logger);
    }

    /// <summary>"IoT Hub STAND-IN (local, not Azure IoT Hub)".</summary>
    public const string Label = StandInLabel.Text;

    public IotHubStandInOptions Options { get; }
    public string HubName => Options.HubName;
    /// <summary>Identity host name used in connection strings, usernames and SAS resource URIs (never resolved: connect to 127.0.0.1).</summary>
    public string HostName => Registry.HostName;
    /// <summary>Plain MQTT port (the platform's own tests); real devices use <see cref="MqttTlsPort"/>.</summary>
    public int MqttPort => _mqtt.Port;
    /// <summary>MQTT over TLS port (IoT Hub's 8883); null when started without <see cref="IotHubStandInOptions.CertificateDirectory"/>.</summary>
    public int? MqttTlsPort => _mqtt.TlsPort;
    /// <summary>Base address of the file-upload endpoints, e.g. http://127.0.0.1:5123/.</summary>
    public Uri HttpBaseAddress => _uploads.BaseAddress;
    /// <summary>HTTPS base address (IoT Hub's 443): file upload, MQTT over WebSockets at /$iothub/websocket, service API.</summary>
    public Uri? HttpsBaseAddress => _uploads.HttpsBaseAddress;
    /// <summary>The local CA devices must trust for TLS (null without TLS).</summary>
    public LocalCertificateAuthority? CertificateAuthority { get; }
    public string? CaCertificatePath => CertificateAuthority?.CaCertificatePath;

    /// <summary>Key of the service policy (service API on HTTPS: direct methods, C2D); generated per start unless configured.</summary>
    public string ServicePolicyKey { get; private init; } = "";

    /// <summary>Service connection string, as `az iot hub connection-string show --policy-name service` gives it (the service API is on <see cref="HttpsBaseAddress"/>).</summary>
    public string ServiceConnectionString => $"HostName={HostName};SharedAccessKeyName={Options.ServicePolicyName};SharedAccessKey={ServicePolicyKey}";

    /// <summary>A service SAS token (sr={host}, skn={policy}) for the service API.</summary>
    public string CreateServiceToken(DateTimeOffset expiresAt) =>
        Yunbao.Edge.IotHub.SharedAccessSignature.Create(ServicePolicyKey, HostName, expiresAt, Options.ServicePolicyName).Value;
    public DeviceRegistry Registry { get; }
    public TwinStore Twins { get; }
    public StandInStats Stats { get; }
    public EdgeDeploymentManifest? Manifest { get; }
    public bool IsBrokerRunning => _mqtt.IsRunning;

    /// <summary>One line for banners and logs.</summary>
    public string Banner => CertificateAuthority is null
        ? $"{Label}: hub '{HubName}', MQTT 127.0.0.1:{MqttPort} (plain TCP, loopback only), file upload {HttpBaseAddress}"
        : $"{Label}: hub '{HubName}', MQTT/TLS 127.0.0.1:{MqttTlsPort}, HTTPS + MQTT/WebSockets {HttpsBaseAddress} (loopback only; plain MQTT {MqttPort}, HTTP {HttpBaseAddress}); devices trust the CA {CaCertificatePath}";

    public static async Task<IotHubStandIn> StartAsync(IotHubStandInOptions options, ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.StorageConnectionString, nameof(options.StorageConnectionString));
        loggerFactory ??= NullLoggerFactory.Instance;
        var time = timeProvider ?? TimeProvider.System;
        var logger = loggerFactory.CreateLogger("Yunbao.IotHubStandIn");

        var manifest = options.DeploymentManifestPath is { Length: > 0 } path ? EdgeDeploymentManifest.Load(path) : null;
        var registry = new DeviceRegistry(options.EffectiveHostName);
        var twins = new TwinStore();
        foreach (var device in options.Devices)
        {
            registry.AddDevice(device.DeviceId, device.PrimaryKey);
            foreach (var module in device.ModuleIds ?? []) registry.AddModule(device.DeviceId, module);
        }
        var stats = new StandInStats();
        var auth = new IdentityAuthenticator(registry, time);

        var (accountName, accountKey) = ReadAccount(options.StorageConnectionString);
        // EventGridEvents already Base64-encodes each message as Event Grid writes it, so the clients send text as given.
        var telemetryQueue = new QueueClient(options.StorageConnectionString, options.TelemetryQueue);
        var frameEventsQueue = new QueueClient(options.StorageConnectionString, options.FrameEventsQueue);
        var frames = new BlobContainerClient(options.StorageConnectionString, options.FramesContainer);
        await telemetryQueue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await frameEventsQueue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await frames.CreateIfNotExistsAsync(cancellationToken: cancellationToken);

        var router = new TelemetryRouter(options, telemetryQueue, manifest, stats, time, logger);
        var ca = options.CertificateDirectory is { Length: > 0 } certificates ? LocalCertificateAuthority.LoadOrCreate(certificates, options.EffectiveHostName, time) : null;
        var mqtt = new MqttGateway(options, registry, auth, twins, router, stats, time, logger, options.MqttPort == 0 ? FreeTcpPort() : options.MqttPort,
            ca?.ServerCertificate, options.MqttTlsPort == 0 ? FreeTcpPort() : options.MqttTlsPort);
        var uploads = new FileUploadService(options, auth, frames, new StorageSharedKeyCredential(accountName, accountKey), frameEventsQueue, stats, time, logger);

        var standIn = new IotHubStandIn(options, registry, twins, stats, manifest, mqtt, uploads, ca, logger)
        {
            ServicePolicyKey = options.ServicePolicyKey ?? Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        };
        if (manifest is not null)
            foreach (var identity in registry.Identities)
                standIn.SeedModuleTwin(identity.DeviceId, identity.ModuleId);
        await mqtt.StartAsync();
        await uploads.StartAsync(options.HttpPort, standIn.Describe, ca?.ServerCertificate, options.HttpsPort, app =>
        {
            if (ca is null) return;
            MqttWebSocketBridge.Map(app, () => mqtt.Port, logger);
            new ServiceApi(mqtt, registry, options.ServicePolicyName, standIn.ServicePolicyKey, time, logger).Map(app);
        });
        if (ca is not null) standIn.WriteEndpointsFile(ca.Directory);
        logger.LogInformation("{banner}", standIn.Banner);
        return standIn;
    }

    /// <summary>Registers a device (and module identities) at run time and returns the device's identity; module twins get the manifest's desired properties.</summary>
    public IdentityKey AddDevice(string deviceId, IEnumerable<string>? moduleIds = null, string? primaryKey = null)
    {
        var device = Registry.AddDevice(deviceId, primaryKey);
        foreach (var module in moduleIds ?? [])
        {
            Registry.AddModule(deviceId, module);
            SeedModuleTwin(deviceId, module);
        }
        return device;
    }

    /// <summary>Service side: patches desired properties and publishes the patch to the connected device/module.</summary>
    public async Task<long> UpdateDesiredAsync(string deviceId, string? moduleId, JsonObject patch, CancellationToken cancellationToken = default)
    {
        var version = Twins.PatchDesired(deviceId, moduleId, patch);
        _logger.LogInformation(Label + ": desired properties of {deviceId}/{moduleId} now at $version {version}", deviceId, moduleId, version);
        if (_mqtt.IsRunning) await _mqtt.PublishDesiredPatchAsync(deviceId, moduleId, patch, version);
        return version;
    }

    /// <summary>Service side: calls a direct method and waits for the answer (504 after <paramref name="timeout"/>, 404 when offline).</summary>
    public Task<DirectMethodResult> InvokeMethodAsync(string deviceId, string? moduleId, string methodName, string? payloadJson, TimeSpan timeout,
        CancellationToken cancellationToken = default) =>
        _mqtt.InvokeMethodAsync(deviceId, moduleId, methodName, payloadJson, timeout, cancellationToken);

    /// <summary>Service side: a cloud-to-device message (kept until the device subscribes, at most 50). False when the device's queue is full.</summary>
    public Task<bool> SendCloudToDeviceAsync(string deviceId, byte[] body, IReadOnlyDictionary<string, string>? properties = null)
    {
        if (!Registry.TryGet(deviceId, null, out _)) throw new KeyNotFoundException($"Unknown device '{deviceId}'.");
        var bag = new Dictionary<string, string>(properties ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        bag.TryAdd("$.mid", Guid.NewGuid().ToString());
        return _mqtt.SendCloudToDeviceAsync(deviceId, body, bag);
    }

    public Task<bool> IsConnectedAsync(string deviceId, string? moduleId = null) => _mqtt.IsConnectedAsync(deviceId, moduleId);

    /// <summary>Connected and subscribed to direct methods: a method invoked now reaches the client.</summary>
    public Task<bool> AcceptsMethodsAsync(string deviceId, string? moduleId = null) => _mqtt.AcceptsMethodsAsync(deviceId, moduleId);

    public Task<IReadOnlyList<string>> ConnectedClientIdsAsync() => _mqtt.ConnectedClientIdsAsync();

    public int ActiveUploads(string deviceId) => _uploads.ActiveUploads(deviceId);

    /// <summary>Stops the MQTT broker (every client drops), to rehearse an IoT Hub outage.</summary>
    public Task StopBrokerAsync() => _mqtt.StopAsync();

    /// <summary>Starts the MQTT broker again on the same port after <see cref="StopBrokerAsync"/>.</summary>
    public Task StartBrokerAsync() => _mqtt.StartAsync();

    private void SeedModuleTwin(string deviceId, string? moduleId)
    {
        if (moduleId is not null && Manifest?.ModuleDesiredProperties.TryGetValue(moduleId, out var desired) == true)
            Twins.SeedDesired(deviceId, moduleId, desired);
    }

    /// <summary>Name of the file (next to the CA, outside the repo) that tells tools/Yunbao.IotHubStandIn/new-device.js where the running stand-in is.</summary>
    public const string EndpointsFileName = "iothub-standin.json";

    private void WriteEndpointsFile(string directory)
    {
        var path = Path.Combine(directory, EndpointsFileName);
        var json = System.Text.Json.JsonSerializer.Serialize(new
        {
            standIn = Label,
            hostName = HostName,
            mqttTls = $"127.0.0.1:{MqttTlsPort}",
            https = HttpsBaseAddress?.ToString(),
            caCertificate = CaCertificatePath,
            serviceConnectionString = ServiceConnectionString,   // a local, per-start key: never commit it
        });
        File.WriteAllText(path, json);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    private object Describe() => new
    {
        standIn = Label,
        hubName = HubName,
        hostName = HostName,
        mqtt = $"127.0.0.1:{MqttPort}",
        mqttTls = MqttTlsPort is { } tls ? $"127.0.0.1:{tls}" : null,
        https = HttpsBaseAddress?.ToString(),
        caCertificate = CaCertificatePath,
        brokerRunning = IsBrokerRunning,
        devices = Registry.Identities.Count(i => i.ModuleId is null),
        stats = new
        {
            Stats.Connections, Stats.RefusedConnections, Stats.DeviceToCloudMessages, Stats.RoutedToTelemetryQueue,
            Stats.UploadsStarted, Stats.UploadsCompleted, Stats.UploadsFailed, Stats.UploadsRefused, Stats.MessagesByType,
        },
    };

    private static (string AccountName, string AccountKey) ReadAccount(string connectionString)
    {
        var parts = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (parts.TryGetValue("UseDevelopmentStorage", out var dev) && string.Equals(dev?.ToString(), "true", StringComparison.OrdinalIgnoreCase))
            return ("devstoreaccount1", DevStorageKey);
        if (parts.TryGetValue("AccountName", out var name) && parts.TryGetValue("AccountKey", out var key))
            return (name!.ToString()!, key!.ToString()!);
        throw new ArgumentException(Label + " needs a storage connection string with AccountName and AccountKey (it signs upload SAS tokens with the key).");
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _uploads.DisposeAsync();
        await _mqtt.DisposeAsync();
        CertificateAuthority?.Dispose();
        _logger.LogInformation(Label + ": stopped. {stats}", Stats.ToString());
    }
}
