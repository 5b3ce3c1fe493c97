using System.Collections.Concurrent;

namespace Yunbao.Functions.Http.Open311;

/// <summary>
/// Fixed one-minute windows per (what, who), on the one clock: a client over its limit is told when the window ends
/// (Retry-After). In memory, per instance; windows older than a minute are dropped as new ones start.
/// </summary>
public sealed class Open311RateLimiter(TimeProvider clock)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);

    /// <summary>Counts one call; returns null when allowed, or how long until the caller may try again.</summary>
    public TimeSpan? TryAcquire(string bucket, string who, int perMinute)
    {
        var now = clock.GetUtcNow();
        var start = new DateTimeOffset(now.UtcTicks - now.UtcTicks % Window.Ticks, TimeSpan.Zero);
        var counter = _counters.AddOrUpdate(bucket + "|" + who, _ => new Counter(start, 1),
            (_, c) => c.Start == start ? c with { Count = c.Count + 1 } : new Counter(start, 1));
        if (_counters.Count > 10_000) Prune(start);
        return counter.Count <= perMinute ? null : start + Window - now;
    }

    private void Prune(DateTimeOffset current)
    {
        foreach (var (k, c) in _counters)
            if (c.Start < current) _counters.TryRemove(k, out _);
    }

    private sealed record Counter(DateTimeOffset Start, int Count);
}
