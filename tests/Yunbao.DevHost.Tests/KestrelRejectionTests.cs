using System.Net.Sockets;
using System.Text;
using Yunbao.DevHost;

namespace Yunbao.DevHost.Tests;

/// <summary>
/// What the local runner answers to requests Kestrel itself refuses while parsing (issue #8 point 2): a request line
/// over 8 KB (414), headers over 32 KB (431), a malformed request line (400). Kestrel writes these before any middleware
/// runs and gives no hook to shape them, so they are a bare status with an empty body and the connection closed (see
/// tools/Yunbao.DevHost/README.md, "Supervision"). Everything Kestrel lets through gets problem+json, 404 included.
/// </summary>
public sealed class KestrelRejectionTests
{
    [Fact]
    public async Task Kestrels_own_414_431_and_400_are_bare_statuses_and_a_routed_404_is_problem_json()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var ct = timeout.Token;
        var options = new DevHostOptions
        {
            Hours = 0.01, Port = 0, Interactive = false, Direct = true, ConfigureFleet = DevHostFleet.Small,
            LogDirectory = Path.Combine(Path.GetTempPath(), "yunbao-devhost-tests"),
        };
        await using var run = await DevHostRun.StartAsync(options, _ => { }, ct);
        var port = new Uri(run.ApiBaseUrl).Port;

        var longLine = await RawAsync(port, $"GET /api/workorders?{new string('a', 10_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", ct);
        AssertBare(longLine, 414);
        var bigHeaders = await RawAsync(port, $"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: {new string('h', 40_000)}\r\n\r\n", ct);
        AssertBare(bigHeaders, 431);
        var malformed = await RawAsync(port, "GARBAGE\r\n\r\n", ct);
        AssertBare(malformed, 400);

        var unrouted = await RawAsync(port, "GET /api/no/such/route HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", ct);
        Assert.StartsWith("HTTP/1.1 404", unrouted, StringComparison.Ordinal);
        Assert.Contains("Content-Type: application/problem+json", unrouted, StringComparison.OrdinalIgnoreCase);
    }

    private static void AssertBare(string response, int status)
    {
        Assert.StartsWith($"HTTP/1.1 {status}", response, StringComparison.Ordinal);
        Assert.Contains("Content-Length: 0", response, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Connection: close", response, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Bytes on a socket: HttpClient refuses to send what these tests need to send.</summary>
    private static async Task<string> RawAsync(int port, string request, CancellationToken ct)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port, ct);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        try
        {
            while ((read = await stream.ReadAsync(chunk, ct)) > 0) buffer.Write(chunk, 0, read);
        }
        catch (IOException) { }   // the server closed the connection after answering
        return Encoding.ASCII.GetString(buffer.ToArray());
    }
}
