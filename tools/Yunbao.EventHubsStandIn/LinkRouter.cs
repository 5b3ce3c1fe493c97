using Amqp;
using Amqp.Framing;
using Amqp.Listener;
using Amqp.Types;
using Microsoft.Extensions.Logging;

namespace Yunbao.EventHubsStandIn;

/// <summary>
/// Attaches the clients' links to entities: senders to "{hub}" or "{hub}/Partitions/{id}", receivers from
/// "{hub}/ConsumerGroups/{group}/Partitions/{id}" (with a selector filter and an optional com.microsoft:epoch owner
/// level). Each needs a token for the hub put on this connection's $cbs first.
/// </summary>
internal sealed class LinkRouter(IReadOnlyDictionary<string, HubState> hubs, IReadOnlyDictionary<string, IRequestHandler> nodes, int maxMessageBytes, EventHubsStandInStats stats, ILogger logger)
    : ILinkProcessor
{
    private static readonly Symbol OwnerLevelKey = "com.microsoft:epoch";

    public void Process(AttachContext attachContext)
    {
        try
        {
            ProcessCore(attachContext);
        }
        catch (AmqpException ex)
        {
            attachContext.Complete(ex.Error);
        }
    }

    private void ProcessCore(AttachContext attachContext)
    {
        var attach = attachContext.Attach;
        var clientReceives = attach.Role;
        var address = clientReceives ? (attach.Source as Source)?.Address : (attach.Target as Target)?.Address;
        var segments = PathOf(address);
        if (segments.Length == 1 && nodes.TryGetValue(segments[0], out var node))
        {
            AttachNode(attachContext, node);
            return;
        }
        if (segments.Length == 0 || !hubs.TryGetValue(segments[0], out var hub))
        {
            attachContext.Complete(NotFound(address));
            return;
        }
        if (!ConnectionAuthorization.Of(attachContext.Link.Session.Connection).Covers(hub.Name))
        {
            attachContext.Complete(new Error(ErrorCode.UnauthorizedAccess) { Description = $"Unauthorized access to '{hub.Name}': put a valid token on $cbs first." });
            return;
        }

        if (!clientReceives)
        {
            PartitionLog? partition = null;
            if (segments.Length == 3 && segments[1].Equals("Partitions", StringComparison.OrdinalIgnoreCase)) partition = hub.Partition(segments[2]);
            if (segments.Length != 1 && partition is null)
            {
                attachContext.Complete(NotFound(address));
                return;
            }
            // The clients size their batches from the max-message-size the service answers with.
            attach.MaxMessageSize = (ulong)maxMessageBytes;
            attachContext.Complete(new IncomingLinkEndpoint(hub, partition, maxMessageBytes, stats, logger), 300);
            return;
        }

        if (segments.Length != 5 || !segments[1].Equals("ConsumerGroups", StringComparison.OrdinalIgnoreCase)
            || !segments[3].Equals("Partitions", StringComparison.OrdinalIgnoreCase)
            || !hub.ConsumerGroups.Contains(segments[2]) || hub.Partition(segments[4]) is not { } log)
        {
            attachContext.Complete(NotFound(address));
            return;
        }
        var group = segments[2];
        var filter = FilterOf(attach.Source as Source);
        if (!StartPosition.TryParse(filter, out var position))
        {
            attachContext.Complete(new Error("com.microsoft:argument-error") { Description = $"The selector filter '{filter}' is not understood." });
            return;
        }
        long? ownerLevel = attach.Properties?[OwnerLevelKey] switch { long l => l, int i => i, _ => null };
        var receiver = new OutgoingLinkEndpoint(attachContext.Link, log, log.Resolve(position), ownerLevel, stats);
        var refused = hub.Receivers.TryAdd(group, log.PartitionId, receiver, out var displaced);
        if (refused is not null)
        {
            logger.LogInformation(EventHubsStandInLabel.Text + ": receiver on {hub}/{group}/{partition} refused: {reason}", hub.Name, group, log.PartitionId, refused.Description);
            attachContext.Complete(refused);
            return;
        }
        receiver.OnClosed = () => hub.Receivers.Remove(group, log.PartitionId, receiver);
        foreach (var old in displaced)
        {
            stats.Stolen();
            logger.LogInformation(EventHubsStandInLabel.Text + ": owner level {level} takes {hub}/{group}/{partition}; a receiver is detached", ownerLevel, hub.Name, group, log.PartitionId);
            old.Steal(ReceiverRegistry.Stolen($"New receiver with higher owner level '{ownerLevel}' was created for partition {log.PartitionId} of consumer group '{group}'; this receiver was disconnected."));
        }
        receiver.Start();
        attachContext.Complete(receiver, 0);
        stats.ReceiverOpened();
    }

    /// <summary>$cbs and $management: a request link in, and reply links out found by target address or link name.</summary>
    private static void AttachNode(AttachContext attachContext, IRequestHandler node)
    {
        var connection = attachContext.Link.Session.Connection;
        if (!attachContext.Attach.Role)
        {
            attachContext.Complete(new RequestLinkEndpoint(node, connection), 100);
            return;
        }
        var reply = new ReplyLinkEndpoint(attachContext.Link);
        var links = ReplyLinks.Of(connection);
        links.Add([(attachContext.Attach.Target as Target)?.Address, attachContext.Attach.LinkName], reply);
        reply.OnClosed = () => links.Remove(reply);
        attachContext.Complete(reply, 0);
    }

    /// <summary>"amqp://127.0.0.1:5672/hub/Partitions/0", "/hub/Partitions/0" and "hub/Partitions/0" name the same entity.</summary>
    internal static string[] PathOf(string? address)
    {
        if (string.IsNullOrWhiteSpace(address)) return [];
        var path = Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Scheme is "amqp" or "amqps" or "sb" ? uri.AbsolutePath : address;
        return path.Split('/', StringSplitOptions.RemoveEmptyEntries);
    }

    private static string? FilterOf(Source? source)
    {
        if (source?.FilterSet is not { } filters) return null;
        foreach (var value in filters.Values)
        {
            if (value is DescribedValue { Value: string expression }) return expression;
        }
        return null;
    }

    private static Error NotFound(string? address) =>
        new(ErrorCode.NotFound) { Description = $"The messaging entity '{address}' could not be found. ({EventHubsStandInLabel.Text})" };
}
