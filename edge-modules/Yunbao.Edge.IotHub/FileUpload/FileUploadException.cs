using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Yunbao.Edge.IotHub;

/// <summary>The blob PUT failed; IoT Hub was told (isSuccess=false) so it frees the upload slot.</summary>
public sealed class FileUploadException(int status, string message, Exception? inner = null) : IotHubException(status, message, inner);
