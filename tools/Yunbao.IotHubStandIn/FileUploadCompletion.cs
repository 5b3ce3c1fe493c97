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

/// <summary>Body of POST /devices/{id}/files/notifications.</summary>
public sealed record FileUploadCompletion(
    [property: JsonPropertyName("correlationId")] string? CorrelationId,
    [property: JsonPropertyName("isSuccess")] bool IsSuccess,
    [property: JsonPropertyName("statusCode")] int StatusCode,
    [property: JsonPropertyName("statusDescription")] string? StatusDescription);
