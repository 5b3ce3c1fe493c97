namespace Yunbao.Bench.Load;

/// <summary>How one request of a load run ended: counted and timed separately.</summary>
internal enum RequestOutcome
{
    /// <summary>2xx.</summary>
    Success,
    /// <summary>409 or 412: an optimistic-concurrency loss the API is meant to answer (not an error).</summary>
    Conflict,
    /// <summary>Anything else: another status, a timeout, a refused connection.</summary>
    Error,
}
