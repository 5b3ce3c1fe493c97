using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Yunbao.Edge.IotHub.Tests;

/// <summary>A connect as the broker saw it.</summary>
public sealed record SeenConnect(string ClientId, string? UserName, string? Password, bool? CleanSession, ushort? KeepAliveSeconds);
