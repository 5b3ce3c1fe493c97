namespace Yunbao.EventHubsStandIn;

/// <summary>Settings of the local Event Hubs stand-in. Bound from configuration section "EventHubsStandIn".</summary>
public sealed class EventHubsStandInOptions
{
    public const string Section = "EventHubsStandIn";

    /// <summary>AMQP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; set; }

    public List<EventHubDefinition> Hubs { get; set; } = [];

    /// <summary>Shared access policies whose keys sign the clients' SAS tokens. Never a real Azure key.</summary>
    public List<StandInAccessKey> Keys { get; set; } = [];

    /// <summary>Azure Event Hubs (Standard) refuses an event or batch larger than 1 MB.</summary>
    public int MaxMessageBytes { get; set; } = 1024 * 1024;
}
