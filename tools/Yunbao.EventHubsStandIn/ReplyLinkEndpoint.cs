using Amqp;
using Amqp.Framing;
using Amqp.Listener;

namespace Yunbao.EventHubsStandIn;

/// <summary>A client's receiver on $cbs or $management: answers wait for the client's link credit, then go out settled.</summary>
internal sealed class ReplyLinkEndpoint(ListenerLink link) : LinkEndpoint
{
    private readonly Lock _lock = new();
    private readonly Queue<Message> _pending = new();
    private int _credit;
    private bool _closed;

    public Action? OnClosed { get; set; }

    public void Send(Message response)
    {
        lock (_lock) _pending.Enqueue(response);
        Pump();
    }

    public override void OnFlow(FlowContext flowContext)
    {
        lock (_lock) _credit = Math.Max(0, _credit + flowContext.Messages);
        Pump();
    }

    public override void OnDisposition(DispositionContext dispositionContext) => dispositionContext.Complete();

    public override void OnLinkClosed(ListenerLink link, Error error)
    {
        lock (_lock) _closed = true;
        OnClosed?.Invoke();
    }

    private void Pump()
    {
        lock (_lock)
        {
            while (!_closed && _credit > 0 && _pending.Count > 0)
            {
                try { link.SendMessage(_pending.Dequeue()); }
                catch (AmqpException) { _closed = true; return; }
                catch (ObjectDisposedException) { _closed = true; return; }
                _credit--;
            }
        }
    }
}
