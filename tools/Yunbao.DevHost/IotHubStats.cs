using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Yunbao.DevHost;

/// <summary>What the IoT Hub stand-in saw (null with --direct): MQTT connections, D2C messages by type, file uploads.</summary>
public sealed record IotHubStats(string Label, long Connections, long RefusedConnections, long DeviceToCloudMessages,
    IReadOnlyDictionary<string, long> MessagesByType, long RoutedToTelemetryQueue, long UploadsStarted, long UploadsCompleted,
    long UploadsFailedOrRefused, int MqttPort, string FileUploadBaseAddress)
{
    /// <summary>MQTT over TLS port and HTTPS (WebSockets, file upload) address real devices use; the CA they must trust.</summary>
    public int? MqttTlsPort { get; init; }
    public string? HttpsBaseAddress { get; init; }
    public string? CaCertificatePath { get; init; }
}
