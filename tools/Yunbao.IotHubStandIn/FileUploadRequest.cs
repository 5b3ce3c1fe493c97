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

/// <summary>Body of POST /devices/{id}/files.</summary>
public sealed record FileUploadRequest([property: JsonPropertyName("blobName")] string? BlobName);
