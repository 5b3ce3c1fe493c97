using Yunbao.Contracts.Storage;
using Yunbao.Contracts.Telemetry;

namespace Yunbao.IotHubStandIn;

/// <summary>Settings of the local IoT Hub stand-in. Bound from configuration section "IotHubStandIn".</summary>
public sealed class IotHubStandInOptions
{
    public const string Section = "IotHubStandIn";

    /// <summary>Hub name; the identity host name defaults to "{HubName}.azure-devices.net" (never contacted: devices connect to 127.0.0.1).</summary>
    public string HubName { get; set; } = "yunbao-local";

    /// <summary>Host name devices put into SAS resource URIs and usernames. Null means "{HubName}.azure-devices.net".</summary>
    public string? HostName { get; set; }

    /// <summary>Storage connection string of the account linked to the hub (Azurite locally): file uploads and the routed queues.</summary>
    public string StorageConnectionString { get; set; } = "";

    /// <summary>MQTT port on 127.0.0.1; 0 picks a free one.</summary>
    public int MqttPort { get; set; }

    /// <summary>File-upload HTTP port on 127.0.0.1; 0 picks a free one.</summary>
    public int HttpPort { get; set; }

    /// <summary>
    /// Folder of the stand-in's local CA (created on first start, reused after; keep it out of the repo). Set, the stand-in
    /// also serves MQTT over TLS, HTTPS and MQTT over WebSockets, as real devices and Microsoft's SDKs need; null means plain only.
    /// </summary>
    public string? CertificateDirectory { get; set; }

    /// <summary>MQTT over TLS port on 127.0.0.1 (IoT Hub: 8883); 0 picks a free one. Only with <see cref="CertificateDirectory"/>.</summary>
    public int MqttTlsPort { get; set; }

    /// <summary>HTTPS port on 127.0.0.1 (IoT Hub: 443): file upload, MQTT over WebSockets, service API; 0 picks a free one.</summary>
    public int HttpsPort { get; set; }

    /// <summary>Key of the service policy <see cref="ServicePolicyName"/> (service API: C2D, direct methods); null generates one per start.</summary>
    public string? ServicePolicyKey { get; set; }

    /// <summary>Shared access policy of the service API; IoT Hub's built-in `iothubowner` may call all of it (registry write included).</summary>
    public string ServicePolicyName { get; set; } = "iothubowner";

    /// <summary>Devices (and their module identities) the registry starts with.</summary>
    public List<DeviceSeed> Devices { get; set; } = [];

    /// <summary>IoT Edge deployment manifest (deployment.template.json): module twins start with its desired properties; edgeHub routes decide what goes upstream.</summary>
    public string? DeploymentManifestPath { get; set; }

    /// <summary>IoT Hub allows 10 concurrent file uploads per device.</summary>
    public int MaxConcurrentUploadsPerDevice { get; set; } = 10;

    /// <summary>Lifetime of the blob SAS handed out for an upload (IoT Hub's default is one hour).</summary>
    public TimeSpan UploadSasLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A D2C message is at most 256 KB counting body, system property values and application property names and values.</summary>
    public int MaxMessageBytes { get; set; } = 256 * 1024;

    public string FramesContainer { get; set; } = StorageNames.FramesContainer;
    public string TelemetryQueue { get; set; } = StorageNames.TelemetryQueue;
    public string FrameEventsQueue { get; set; } = StorageNames.FrameEventsQueue;

    /// <summary>Values of the `type` application property the IoT Hub route + Event Grid subscription forward to the `telemetry` queue.</summary>
    public List<string> RoutedTelemetryTypes { get; set; } = [TelemetryTypes.Position, TelemetryTypes.Sensor, TelemetryTypes.Alert];

    public string EffectiveHostName => string.IsNullOrWhiteSpace(HostName) ? $"{HubName}.azure-devices.net" : HostName!;
}
