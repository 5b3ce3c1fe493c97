namespace Yunbao.Edge.IotHub;

/// <summary>
/// Options of one IoT Hub / edgeHub client, bound from the configuration section <c>IotHub</c>.
/// Defaults talk to the real hub (MQTT over TLS on 8883, HTTPS for file upload); the local stand-in
/// sets <see cref="MqttHost"/>, <see cref="MqttPort"/>, <see cref="UseTls"/> = false and <see cref="HttpBaseAddress"/>.
/// </summary>
public sealed class IotHubClientOptions
{
    public const string SectionName = "IotHub";

    /// <summary>
    /// Device or module connection string. When empty, an IoT Edge module reads <c>EdgeHubConnectionString</c>
    /// and then the IOTEDGE_* environment (workload API signing).
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>MQTT host; default the gateway (edgeHub) when there is one, else the hub.</summary>
    public string? MqttHost { get; set; }

    /// <summary>MQTT port; default 8883.</summary>
    public int MqttPort { get; set; } = 8883;

    /// <summary>TLS 1.2 to the broker. false only for the local stand-in on loopback.</summary>
    public bool UseTls { get; set; } = true;

    /// <summary>
    /// Base address of IoT Hub's HTTPS API for file upload; default <c>https://{HostName}</c>.
    /// The local stand-in serves it over http on loopback.
    /// </summary>
    public string? HttpBaseAddress { get; set; }

    /// <summary>Scheme of the blob PUT (<c>{scheme}://{hostName}/{container}/{blob}{sas}</c>); default the scheme of <see cref="HttpBaseAddress"/>.</summary>
    public string? BlobUploadScheme { get; set; }

    /// <summary>PEM file of extra CA certificates to trust (EdgeModuleCACertificateFile); IoT Edge modules get the trust bundle instead.</summary>
    public string? TrustedCaCertificateFile { get; set; }

    public OutboxOptions Outbox { get; set; } = new();

    /// <summary>Lifetime of each SAS token.</summary>
    public TimeSpan SasTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Fraction of the token lifetime after which the client reconnects with a fresh token.</summary>
    public double SasTokenRenewAt { get; set; } = 0.8;

    /// <summary>MQTT keep-alive; IoT Hub allows at most 1177 s.</summary>
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromMinutes(4);

    public TimeSpan ReconnectMinDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Connect timeout and how long twin requests wait for their answer.</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many D2C publishes may await their PUBACK at once (1 = strictly one at a time).</summary>
    public int MaxInFlight { get; set; } = 32;

    /// <summary>Label the client's logs (e.g. "IoT Hub stand-in") so a local run is never mistaken for Azure.</summary>
    public string? EndpointLabel { get; set; }
}
