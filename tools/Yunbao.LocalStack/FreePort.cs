using System.Net;
using System.Net.Sockets;

namespace Yunbao.LocalStack;

/// <summary>Free TCP ports on 127.0.0.1, chosen by the OS.</summary>
public static class FreePort
{
    /// <summary>
    /// Binds port 0 on loopback, reads the port the OS gave, and releases it. Another process may take it before
    /// the caller binds, so callers retry with a fresh port when a start fails with "address in use".
    /// </summary>
    public static int Next()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try { return ((IPEndPoint)listener.LocalEndpoint).Port; }
        finally { listener.Stop(); }
    }

    /// <summary><paramref name="count"/> distinct free ports.</summary>
    public static int[] Next(int count)
    {
        var ports = new HashSet<int>();
        while (ports.Count < count) ports.Add(Next());
        return [.. ports];
    }
}
