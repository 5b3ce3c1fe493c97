using Amqp;
using Amqp.Framing;
using Amqp.Listener;

namespace Yunbao.EventHubsStandIn;

/// <summary>
/// A client's receiver on one consumer group and partition: sends stored events in order from its start position as far
/// as the client's link credit allows, and again after every append.
/// </summary>
internal sealed class OutgoingLinkEndpoint : LinkEndpoint
{
    private readonly Lock _lock = new();
    private readonly PartitionLog _log;
    private readonly EventHubsStandInStats _stats;
    private readonly Action _onAppend;
    private long _next;
    private int _credit;
    private bool _closed;

    public OutgoingLinkEndpoint(ListenerLink link, PartitionLog log, long startSequence, long? ownerLevel, EventHubsStandInStats stats)
    {
        (Link, _log, _next, OwnerLevel, _stats) = (link, log, startSequence, ownerLevel, stats);
        _onAppend = Pump;
    }

    public ListenerLink Link { get; }
    public long? OwnerLevel { get; }

    /// <summary>Set by the router: unregisters from the partition's readers and the owner-level registry.</summary>
    public Action? OnClosed { get; set; }

    public void Start() => _log.Subscribe(_onAppend);

    public override void OnFlow(FlowContext flowContext)
    {
        lock (_lock) _credit = Math.Max(0, _credit + flowContext.Messages);
        Pump();
    }

    public override void OnDisposition(DispositionContext dispositionContext) => dispositionContext.Complete();

    public override void OnLinkClosed(ListenerLink link, Error error)
    {
        lock (_lock) _closed = true;
        _log.Unsubscribe(_onAppend);
        OnClosed?.Invoke();
    }

    /// <summary>Detaches the link with the error the clients read as "a receiver with a higher owner level took the partition".</summary>
    public void Steal(Error error)
    {
        lock (_lock) _closed = true;
        _log.Unsubscribe(_onAppend);
        try { Link.Close(TimeSpan.Zero, error); }
        catch (AmqpException) { /* already closing */ }
        catch (ObjectDisposedException) { /* connection gone */ }
    }

    private void Pump()
    {
        lock (_lock)
        {
            while (!_closed && _credit > 0)
            {
                var events = _log.Read(_next, _credit);
                if (events.Count == 0) break;
                foreach (var stored in events)
                {
                    try { Link.SendMessage(new Message(), new ByteBuffer(stored.Encoded, 0, stored.Encoded.Length, stored.Encoded.Length)); }
                    catch (AmqpException) { _closed = true; return; }
                    catch (ObjectDisposedException) { _closed = true; return; }
                    _next = stored.SequenceNumber + 1;
                    _credit--;
                    _stats.Delivered();
                }
            }
            if (!_closed && _credit > 0 && Link.IsDraining)
            {
                _credit = 0;
                Link.CompleteDrain();
            }
        }
    }
}
