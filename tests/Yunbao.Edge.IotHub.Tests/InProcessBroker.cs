using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Yunbao.Edge.IotHub.Tests;

/// <summary>MQTTnet.Server in process: sees client ids, credentials and every publish directly.</summary>
public sealed class InProcessBroker : TestBrokerBase
{
    private readonly List<SeenConnect> _connects = [];
    private MqttServer? _server;

    public override string Name => "MQTTnet.Server";

    public MqttServer Server => _server ?? throw new InvalidOperationException("Broker not started.");

    /// <summary>When set, the broker listens with TLS only (like edgeHub on 8883).</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? TlsCertificate { get; set; }

    /// <summary>Optional extra behaviour (twin/method responder) on every publish.</summary>
    public Func<InterceptingPublishEventArgs, Task>? OnPublish { get; set; }

    /// <summary>Optional connect check, e.g. SAS validation; return a refusal reason or null.</summary>
    public Func<ValidatingConnectionEventArgs, string?>? ValidateConnect { get; set; }

    public IReadOnlyList<SeenConnect> Connects
    {
        get { lock (_connects) return _connects.ToList(); }
    }

    public override async Task StartAsync()
    {
        var builder = new MqttServerOptionsBuilder();
        if (TlsCertificate is null)
        {
            builder.WithDefaultEndpoint()
                .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
                .WithDefaultEndpointPort(Port)
                .WithDefaultEndpointReuseAddress();
        }
        else
        {
            builder.WithoutDefaultEndpoint()
                .WithEncryptedEndpoint()
                .WithEncryptedEndpointBoundIPAddress(IPAddress.Loopback)
                .WithEncryptedEndpointPort(Port)
                .WithEncryptionCertificate(TlsCertificate)
                .WithEncryptionSslProtocol(System.Security.Authentication.SslProtocols.Tls12);
        }

        var options = builder.Build();
        _server = new MqttServerFactory().CreateMqttServer(options);
        _server.ValidatingConnectionAsync += e =>
        {
            lock (_connects) _connects.Add(new SeenConnect(e.ClientId, e.UserName, e.Password, e.CleanSession, e.KeepAlivePeriod));
            if (ValidateConnect?.Invoke(e) is { } refusal)
            {
                e.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
                e.ReasonString = refusal;
            }

            return Task.CompletedTask;
        };
        _server.InterceptingPublishAsync += async e =>
        {
            var m = e.ApplicationMessage;
            Record(new ReceivedPublish(m.Topic, m.Payload.ToArray(), e.ClientId, m.QualityOfServiceLevel));
            if (OnPublish is { } hook) await hook(e);
        };
        await _server.StartAsync();
    }

    public override async Task StopAsync()
    {
        if (_server is null) return;
        await _server.StopAsync(new MqttServerStopOptionsBuilder().Build());
        _server.Dispose();
        _server = null;
    }

    public override async ValueTask DisposeAsync() => await StopAsync();
}
