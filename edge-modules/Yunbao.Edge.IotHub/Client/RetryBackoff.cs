namespace Yunbao.Edge.IotHub;

/// <summary>The one retry delay of the client: reconnects and twin requests answered 429/5xx.</summary>
internal static class RetryBackoff
{
    /// <summary>
    /// Exponential from <paramref name="min"/> to <paramref name="max"/>, with jitter between half and all of the step,
    /// so a fleet that lost its hub together does not reconnect in lockstep.
    /// </summary>
    public static TimeSpan Delay(int attempt, TimeSpan min, TimeSpan max, Random? random = null)
    {
        var step = Math.Min(max.TotalMilliseconds, min.TotalMilliseconds * Math.Pow(2, Math.Clamp(attempt - 1, 0, 20)));
        return TimeSpan.FromMilliseconds(step * (0.5 + (random ?? Random.Shared).NextDouble() * 0.5));
    }
}
