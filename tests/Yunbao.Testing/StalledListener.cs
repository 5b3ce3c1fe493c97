using System.Net;
using System.Net.Sockets;

namespace Yunbao.Testing;

/// <summary>
/// A dependency that hangs: a loopback TCP listener that accepts every connection and never answers (what a stalled
/// Azurite or Cosmos stand-in looks like to a client). Use its port as a storage or Cosmos endpoint.
/// </summary>
public sealed class StalledListener : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<TcpClient> _held = [];
    private readonly CancellationTokenSource _stop = new();

    public StalledListener()
    {
        _listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                lock (_held) _held.Add(client);   // held open, never read, never answered
            }
        }
        catch (OperationCanceledException) { }
        catch (SocketException) { }
        catch (ObjectDisposedException) { }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_held)
        {
            foreach (var c in _held) c.Dispose();
            _held.Clear();
        }
        _stop.Dispose();
    }
}
