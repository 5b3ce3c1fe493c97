using Amqp;

namespace Yunbao.EventHubsStandIn;

/// <summary>Forwards to the socket transport, but lets nothing out until the peer has sent something (or 2 s passed).</summary>
internal sealed class WritesAfterFirstReceiveTransport : IAsyncTransport
{
    private readonly IAsyncTransport _inner;
    private readonly TaskCompletionSource _received = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public WritesAfterFirstReceiveTransport(IAsyncTransport inner)
    {
        _inner = inner;
        // A peer that waits for our header first (none of the Event Hubs clients does) still gets it.
        _ = Task.Delay(TimeSpan.FromSeconds(2)).ContinueWith(_ => _received.TrySetResult(), TaskScheduler.Default);
    }

    public void SetConnection(Connection connection) => _inner.SetConnection(connection);

    public async Task SendAsync(IList<ByteBuffer> bufferList, int listSize)
    {
        await _received.Task.ConfigureAwait(false);
        await _inner.SendAsync(bufferList, listSize).ConfigureAwait(false);
    }

    public async Task<int> ReceiveAsync(byte[] buffer, int offset, int count)
    {
        var read = await _inner.ReceiveAsync(buffer, offset, count).ConfigureAwait(false);
        _received.TrySetResult();
        return read;
    }

    public void Send(ByteBuffer buffer)
    {
        if (_received.Task.IsCompleted) _inner.Send(buffer);
        else _received.Task.ContinueWith(_ => _inner.Send(buffer), TaskScheduler.Default).Wait();
    }

    public int Receive(byte[] buffer, int offset, int count)
    {
        var read = _inner.Receive(buffer, offset, count);
        _received.TrySetResult();
        return read;
    }

    public void Close()
    {
        _received.TrySetResult();
        _inner.Close();
    }
}
