namespace Yunbao.EventHubsStandIn;

/// <summary>Counters of the stand-in, for the DevHost's progress and summary.</summary>
public sealed class EventHubsStandInStats
{
    private long _connections, _tokensAccepted, _tokensRefused, _eventsReceived, _eventsDelivered, _oversizeRefused, _receiversStolen, _receiversOpened;

    public long Connections => Interlocked.Read(ref _connections);
    public long TokensAccepted => Interlocked.Read(ref _tokensAccepted);
    public long TokensRefused => Interlocked.Read(ref _tokensRefused);
    public long EventsReceived => Interlocked.Read(ref _eventsReceived);
    public long EventsDelivered => Interlocked.Read(ref _eventsDelivered);
    public long OversizeRefused => Interlocked.Read(ref _oversizeRefused);
    public long ReceiversStolen => Interlocked.Read(ref _receiversStolen);
    /// <summary>Receiver links attached so far (a reader from "latest" sees only what is sent after this grows).</summary>
    public long ReceiversOpened => Interlocked.Read(ref _receiversOpened);

    internal void Connected() => Interlocked.Increment(ref _connections);
    internal void TokenAccepted() => Interlocked.Increment(ref _tokensAccepted);
    internal void TokenRefused() => Interlocked.Increment(ref _tokensRefused);
    internal void Received(int count) => Interlocked.Add(ref _eventsReceived, count);
    internal void Delivered() => Interlocked.Increment(ref _eventsDelivered);
    internal void Oversize() => Interlocked.Increment(ref _oversizeRefused);
    internal void Stolen() => Interlocked.Increment(ref _receiversStolen);
    internal void ReceiverOpened() => Interlocked.Increment(ref _receiversOpened);
}
