using System.Diagnostics;

namespace Yunbao.Bench.Load;

/// <summary>
/// The start of the timed part of one request. The load client starts it before calling the request; a request
/// that first does untimed preparation (e.g. reading the ETag before a transition) calls <see cref="Restart"/>.
/// </summary>
internal sealed class RequestClock
{
    public long Started { get; private set; }

    /// <summary>Why the request failed (e.g. "HTTP 500 on GET /api/..."), set by the request before it returns an error.</summary>
    public string? Note { get; set; }

    public void Restart() => Started = Stopwatch.GetTimestamp();
}
