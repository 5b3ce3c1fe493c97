using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Yunbao.Edge.IotHub;

/// <summary>What an upload produced.</summary>
public sealed record FileUploadResult(string CorrelationId, string ContainerName, string BlobName, Uri BlobUri, int StatusCode);
