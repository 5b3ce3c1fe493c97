using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Yunbao.Edge.IotHub.Tests;

/// <summary>A publish as the broker (or a subscriber on it) saw it.</summary>
public sealed record ReceivedPublish(string Topic, byte[] Payload, string? ClientId, MqttQualityOfServiceLevel QoS);
