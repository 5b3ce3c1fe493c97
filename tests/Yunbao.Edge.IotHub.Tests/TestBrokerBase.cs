using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Yunbao.Edge.IotHub.Tests;

public abstract class TestBrokerBase : ITestBroker
{
    private readonly List<ReceivedPublish> _received = [];

    public abstract string Name { get; }

    public int Port { get; } = TestPaths.FreeTcpPort();

    public IReadOnlyList<ReceivedPublish> Received
    {
        get { lock (_received) return _received.ToList(); }
    }

    public abstract Task StartAsync();

    public abstract Task StopAsync();

    public abstract ValueTask DisposeAsync();

    public async Task WaitForAsync(Func<IReadOnlyList<ReceivedPublish>, bool> condition, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (!condition(Received))
        {
            if (sw.Elapsed > timeout) throw new TimeoutException($"{Name}: condition not met within {timeout}; {Received.Count} publishes received.");
            await Task.Delay(50);
        }
    }

    public virtual IReadOnlyList<string> AcceptedTopics => Received.Select(r => r.Topic).ToList();

    public async Task WaitForAcceptedAsync(Func<IReadOnlyList<string>, bool> condition, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (!condition(AcceptedTopics))
        {
            if (sw.Elapsed > timeout) throw new TimeoutException($"{Name}: condition not met within {timeout}; {AcceptedTopics.Count} publishes accepted.");
            await Task.Delay(50);
        }
    }

    protected void Record(ReceivedPublish publish)
    {
        lock (_received) _received.Add(publish);
    }

    public override string ToString() => Name;
}
