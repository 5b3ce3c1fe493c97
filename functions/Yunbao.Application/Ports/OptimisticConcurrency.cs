namespace Yunbao.Application.Ports;

/// <summary>
/// The one retry for optimistic concurrency: run an attempt that reads, decides and writes with the ETag it read;
/// when the write loses (<see cref="ConcurrencyConflictException"/>), run it again on fresh data. Every attempt
/// must re-read, so a retry applies the change on top of whatever won, never over it.
/// </summary>
public static class OptimisticConcurrency
{
    /// <summary>Attempts for a document a few writers share (a steward: heartbeats and dispatches; an order: sightings and transitions).</summary>
    public const int DefaultAttempts = 6;

    /// <summary>Runs <paramref name="attempt"/> until it completes without a conflict; the conflict of the last allowed attempt propagates.</summary>
    public static async Task<T> RetryAsync<T>(Func<CancellationToken, Task<T>> attempt, int maxAttempts, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        for (var n = 1; ; n++)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                return await attempt(ct);
            }
            catch (ConcurrencyConflictException) when (n < maxAttempts)
            {
                // Someone else's write won: the next attempt reads theirs.
            }
        }
    }

    /// <inheritdoc cref="RetryAsync{T}(Func{CancellationToken, Task{T}}, int, CancellationToken)"/>
    public static Task RetryAsync(Func<CancellationToken, Task> attempt, int maxAttempts, CancellationToken ct) =>
        RetryAsync(async c => { await attempt(c); return true; }, maxAttempts, ct);
}
