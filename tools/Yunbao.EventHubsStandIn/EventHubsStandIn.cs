using System.Net.Sockets;
using Amqp;
using Amqp.Framing;
using Amqp.Listener;
using Amqp.Types;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Yunbao.EventHubsStandIn;

/// <summary>
/// Event Hubs STAND-IN (local, not Azure Event Hubs): an AMQP 1.0 listener on 127.0.0.1 that the official Event Hubs
/// clients use unchanged with a connection string ending "UseDevelopmentEmulator=true" (plain AMQP, no TLS). It keeps
/// events in memory (a restart loses them). Start it with <see cref="StartAsync"/>.
/// </summary>
public sealed class EventHubsStandIn : IAsyncDisposable
{
    /// <summary>The SASL mechanism the .NET client offers before it authorizes with $cbs tokens.</summary>
    private static readonly Symbol CbsSaslMechanism = "MSSBCBS";
    private static readonly Symbol AnonymousSaslMechanism = "ANONYMOUS";

    private readonly ContainerHost _host;
    private readonly IReadOnlyDictionary<string, HubState> _hubs;
    private readonly ILogger _logger;

    private EventHubsStandIn(EventHubsStandInOptions options, ContainerHost host, int port, IReadOnlyDictionary<string, HubState> hubs,
        EventHubsStandInStats stats, ILogger logger)
    {
        (Options, _host, Port, _hubs, Stats, _logger) = (options, host, port, hubs, stats, logger);
    }

    /// <summary>"Event Hubs STAND-IN (local, not Azure Event Hubs)".</summary>
    public const string Label = EventHubsStandInLabel.Text;

    public EventHubsStandInOptions Options { get; }
    public int Port { get; }
    public EventHubsStandInStats Stats { get; }
    public IReadOnlyCollection<string> HubNames => [.. _hubs.Keys];

    /// <summary>One line for banners and logs.</summary>
    public string Banner => $"{Label}: AMQP 127.0.0.1:{Port} (plain, loopback only, in memory), hubs {string.Join(", ", _hubs.Values.Select(h => $"{h.Name}[{h.Partitions.Count}]"))}";

    /// <summary>What /api/health and the DevHost show for it.</summary>
    public string Health => $"{Label}: {Stats.EventsReceived} events in, {Stats.EventsDelivered} delivered, {Stats.TokensRefused} tokens refused";

    /// <summary>A connection string the official clients accept unchanged (first configured key unless named).</summary>
    public string ConnectionString(string hubName, string? keyName = null)
    {
        var key = keyName is null ? Options.Keys[0] : Options.Keys.First(k => k.Name == keyName);
        return $"Endpoint=sb://127.0.0.1:{Port};SharedAccessKeyName={key.Name};SharedAccessKey={key.Key};EntityPath={hubName};UseDevelopmentEmulator=true";
    }

    /// <summary>Per-partition state of a hub (as $management READ answers it).</summary>
    public IReadOnlyList<PartitionSnapshot> Partitions(string hubName) => [.. _hubs[hubName].Partitions.Select(p => p.Snapshot())];

    /// <summary>
    /// Appends one event in-process (for routes such as the IoT Hub stand-in's built-in route into `telemetry`): body,
    /// application properties and message annotations as given; partition by key, else round-robin.
    /// </summary>
    public void Append(string hubName, ReadOnlyMemory<byte> body, IReadOnlyDictionary<string, object>? applicationProperties = null,
        IReadOnlyDictionary<string, object>? annotations = null, string? partitionKey = null, Properties? properties = null)
    {
        if (!_hubs.TryGetValue(hubName, out var hub)) throw new ArgumentException($"{Label}: no hub '{hubName}'.", nameof(hubName));
        var message = new Message { BodySection = new Data { Binary = body.ToArray() }, Properties = properties };
        if (applicationProperties is { Count: > 0 })
        {
            message.ApplicationProperties = new ApplicationProperties();
            foreach (var (k, v) in applicationProperties) message.ApplicationProperties[k] = v;
        }
        if (annotations is { Count: > 0 })
        {
            message.MessageAnnotations = new MessageAnnotations();
            foreach (var (k, v) in annotations) message.MessageAnnotations[new Symbol(k)] = v;
        }
        hub.Choose(partitionKey).Append([message], partitionKey);
        Stats.Received(1);
    }

    public static Task<EventHubsStandIn> StartAsync(EventHubsStandInOptions options, ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Hubs.Count == 0) throw new ArgumentException($"{Label}: configure at least one hub.", nameof(options));
        if (options.Keys.Count == 0) throw new ArgumentException($"{Label}: configure at least one shared access key.", nameof(options));
        var time = timeProvider ?? TimeProvider.System;
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Yunbao.EventHubsStandIn");
        var stats = new EventHubsStandInStats();
        var hubs = options.Hubs.ToDictionary(h => h.Name, h => new HubState(h, time), StringComparer.OrdinalIgnoreCase);
        var validator = new SasTokenValidator(options.Keys, time);

        for (var attempt = 0; ; attempt++)
        {
            var port = options.Port != 0 ? options.Port : FreeLoopbackPort();
            var host = new ContainerHost(new Address($"amqp://127.0.0.1:{port}"));
            foreach (var listener in host.Listeners)
            {
                // The .NET client offers MSSBCBS, the Node client ANONYMOUS; either way tokens come later on $cbs.
                listener.SASL.EnableMechanism(CbsSaslMechanism, new AcceptingSaslProfile(CbsSaslMechanism));
                listener.SASL.EnableMechanism(AnonymousSaslMechanism, new AcceptingSaslProfile(AnonymousSaslMechanism));
                listener.AMQP.MaxFrameSize = 256 * 1024;
                listener.AMQP.MaxSessionsPerConnection = 1000;
                listener.AMQP.MaxLinksPerSession = 1000;
                listener.HandlerFactory = _ => new ConnectionCounter(stats);
            }
            var nodes = new Dictionary<string, IRequestHandler>(StringComparer.Ordinal)
            {
                ["$cbs"] = new CbsProcessor(validator, stats, logger),
                ["$management"] = new ManagementProcessor(hubs, validator, time),
            };
            host.RegisterLinkProcessor(new LinkRouter(hubs, nodes, options.MaxMessageBytes, stats, logger));
            try
            {
                host.Open();
            }
            catch (SocketException) when (options.Port == 0 && attempt < 5)
            {
                host.Close();
                continue;
            }
            var standIn = new EventHubsStandIn(options, host, port, hubs, stats, logger);
            logger.LogInformation("{banner}", standIn.Banner);
            return Task.FromResult(standIn);
        }
    }

    public ValueTask DisposeAsync()
    {
        _host.Close();
        _logger.LogInformation(Label + ": stopped on 127.0.0.1:{port}", Port);
        return ValueTask.CompletedTask;
    }

    private static int FreeLoopbackPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        try { return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port; }
        finally { listener.Stop(); }
    }

    /// <summary>Counts accepted connections (AMQPNetLite reports them through a handler).</summary>
    private sealed class ConnectionCounter(EventHubsStandInStats stats) : Amqp.Handler.IHandler
    {
        public bool CanHandle(Amqp.Handler.EventId id) => id == Amqp.Handler.EventId.ConnectionAccept;

        public void Handle(Amqp.Handler.Event protocolEvent) => stats.Connected();
    }
}
