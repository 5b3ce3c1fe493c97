namespace Yunbao.Edge.IotHub;

/// <summary>
/// Caches one SAS token for the client's identity and signs a new one when the cached one reaches the
/// renewal point (a fraction of its lifetime), so MQTT reconnects and HTTPS calls share it.
/// </summary>
public sealed class SasTokenProvider(ISasTokenSigner signer, string resourceUri, TimeSpan lifetime, double renewAtFraction, TimeProvider timeProvider) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SasToken? _current;
    private DateTimeOffset _renewAt;

    public TimeSpan Lifetime => lifetime;

    /// <summary>When the token last handed out should be replaced.</summary>
    public DateTimeOffset RenewAt => _renewAt;

    public async Task<SasToken> GetTokenAsync(bool forceNew, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = timeProvider.GetUtcNow();
            if (!forceNew && _current is not null && now < _renewAt) return _current;
            _current = await SharedAccessSignature.CreateAsync(signer, resourceUri, now + lifetime, cancellationToken).ConfigureAwait(false);
            _renewAt = now + TimeSpan.FromTicks((long)(lifetime.Ticks * Math.Clamp(renewAtFraction, 0.1, 0.95)));
            return _current;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
