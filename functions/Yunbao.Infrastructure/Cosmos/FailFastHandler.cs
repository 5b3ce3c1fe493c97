using System.Diagnostics;

namespace Yunbao.Infrastructure.Cosmos;

/// <summary>
/// Bounds Cosmos calls against an endpoint that stalls. Each attempt may take <paramref name="timeout"/>; the SDK
/// retries a timed-out gateway request several times (measured: ~9 attempts, 36 s with a 4 s timeout), so once an
/// attempt has timed out, further attempts within the same period fail at once (HttpRequestException, which the SDK
/// reports as 503) instead of waiting out their own timeouts. The first answered request closes it again.
/// </summary>
public sealed class FailFastHandler(HttpMessageHandler inner, TimeSpan timeout) : DelegatingHandler(inner)
{
    private long _openUntil;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (Stopwatch.GetTimestamp() < Interlocked.Read(ref _openUntil))
            throw new HttpRequestException($"Cosmos DB did not answer within {timeout.TotalSeconds:0.#} s a moment ago; failing fast.",
                new CosmosStalledException("Cosmos DB stalled a moment ago."));
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(timeout);
        try
        {
            var response = await base.SendAsync(request, attempt.Token);
            Interlocked.Exchange(ref _openUntil, 0);
            return response;
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            Interlocked.Exchange(ref _openUntil, Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency));
            throw new CosmosStalledException($"Cosmos DB did not answer within {timeout.TotalSeconds:0.#} s.", e);
        }
    }
}
