using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Yunbao.IotHubStandIn;

/// <summary>Answer of a direct method: the device's status and JSON payload (504 on timeout, 404 when the device is offline).</summary>
public sealed record DirectMethodResult(int Status, string? PayloadJson)
{
    /// <summary>False when the hub answered for the device (404 offline, 504 timeout); IoT Hub's REST API then returns that status itself.</summary>
    public bool FromDevice { get; init; } = true;
}
