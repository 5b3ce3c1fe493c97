using System.Diagnostics;

namespace Yunbao.Bench.Load;

/// <summary>
/// A closed-loop load generator: <c>connections</c> workers each send one request at a time until the run has sent
/// <c>maxRequests</c> or <c>duration</c> has passed (both bounds always apply; a request in flight at the deadline
/// finishes and is counted). Every request is timed from its <see cref="RequestClock"/> to its answer and counted by
/// outcome; an exception counts as an error.
/// </summary>
internal static class LoadClient
{
    public const long MaxRequestsLimit = 1_000_000;
    public static readonly TimeSpan MaxDurationLimit = TimeSpan.FromMinutes(2);

    public static async Task<LoadResult> RunAsync(
        int connections, long maxRequests, TimeSpan duration,
        Func<long, RequestClock, CancellationToken, ValueTask<RequestOutcome>> request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (connections is < 1 or > 256) throw new ArgumentOutOfRangeException(nameof(connections), "1..256 connections (bounded load).");
        if (maxRequests is < 1 or > MaxRequestsLimit) throw new ArgumentOutOfRangeException(nameof(maxRequests), "1..1,000,000 requests (bounded load).");
        if (duration <= TimeSpan.Zero || duration > MaxDurationLimit) throw new ArgumentOutOfRangeException(nameof(duration), "At most 2 minutes (bounded load).");

        var logs = Enumerable.Range(0, connections).Select(_ => new WorkerLog()).ToArray();
        var next = -1L;
        string? firstError = null;
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);

        var workers = logs.Select(log => Task.Run(async () =>
        {
            var clock = new RequestClock();
            while (!ct.IsCancellationRequested && Stopwatch.GetTimestamp() < deadline)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= maxRequests) break;
                clock.Restart();
                RequestOutcome outcome;
                try
                {
                    outcome = await request(i, clock, ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref firstError, $"{e.GetType().Name}: {e.Message}", null);
                    outcome = RequestOutcome.Error;
                }

                log.Add(outcome, Stopwatch.GetElapsedTime(clock.Started).TotalMilliseconds);
                if (outcome == RequestOutcome.Error && clock.Note is { } note) Interlocked.CompareExchange(ref firstError, note, null);
                clock.Note = null;
            }
        }, CancellationToken.None)).ToArray();
        await Task.WhenAll(workers);
        var elapsed = Stopwatch.GetElapsedTime(started);

        return new LoadResult(elapsed, connections,
            new LatencyStats(logs.SelectMany(l => l.Of(RequestOutcome.Success))),
            new LatencyStats(logs.SelectMany(l => l.Of(RequestOutcome.Conflict))),
            new LatencyStats(logs.SelectMany(l => l.Of(RequestOutcome.Error))),
            firstError);
    }

    /// <summary>2xx success, 409/412 conflict, anything else an error.</summary>
    public static RequestOutcome Classify(int statusCode) => statusCode switch
    {
        >= 200 and < 300 => RequestOutcome.Success,
        409 or 412 => RequestOutcome.Conflict,
        _ => RequestOutcome.Error,
    };

    /// <summary>One worker's measurements (no sharing while the run is on).</summary>
    private sealed class WorkerLog
    {
        private readonly List<double>[] _byOutcome = [[], [], []];
        public void Add(RequestOutcome outcome, double ms) => _byOutcome[(int)outcome].Add(ms);

        public List<double> Of(RequestOutcome outcome) => _byOutcome[(int)outcome];
    }
}
