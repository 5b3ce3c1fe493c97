using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Serialization;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Azure.Storage.Sas;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Yunbao.IotHubStandIn;

/// <summary>Answer of POST /devices/{id}/files, as IoT Hub gives it.</summary>
public sealed record FileUploadSasUri(
    [property: JsonPropertyName("correlationId")] string CorrelationId,
    [property: JsonPropertyName("hostName")] string HostName,
    [property: JsonPropertyName("containerName")] string ContainerName,
    [property: JsonPropertyName("blobName")] string BlobName,
    [property: JsonPropertyName("sasToken")] string SasToken);
