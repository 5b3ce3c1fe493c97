using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Yunbao.Edge.IotHub.Tests;

/// <summary>A real MQTT broker on a free loopback port that a test can stop and start again.</summary>
public interface ITestBroker : IAsyncDisposable
{
    string Name { get; }

    int Port { get; }

    Task StartAsync();

    Task StopAsync();

    IReadOnlyList<ReceivedPublish> Received { get; }

    /// <summary>Topics of the publishes the broker itself accepted, in its order (duplicates included).</summary>
    IReadOnlyList<string> AcceptedTopics { get; }

    Task WaitForAcceptedAsync(Func<IReadOnlyList<string>, bool> condition, TimeSpan timeout);

    Task WaitForAsync(Func<IReadOnlyList<ReceivedPublish>, bool> condition, TimeSpan timeout);
}
