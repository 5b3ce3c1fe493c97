namespace Yunbao.Edge.IotHub;

/// <summary>Signs the SAS string-to-sign, returning the Base64 HMAC-SHA256 signature.</summary>
public interface ISasTokenSigner
{
    /// <summary>Policy name for a hub-level key (token gets <c>skn=</c>); null for device and module keys.</summary>
    string? KeyName { get; }

    Task<string> SignAsync(string stringToSign, CancellationToken cancellationToken);
}

/// <summary>Signs with a device's or module's own symmetric key (from its connection string).</summary>
public sealed class SharedAccessKeySigner : ISasTokenSigner
{
    private readonly byte[] _key;

    public SharedAccessKeySigner(string base64Key, string? keyName = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(base64Key);
        _key = Convert.FromBase64String(base64Key);
        KeyName = keyName;
    }

    public string? KeyName { get; }

    public Task<string> SignAsync(string stringToSign, CancellationToken cancellationToken) =>
        Task.FromResult(SharedAccessSignature.ComputeSignature(_key, stringToSign));
}

/// <summary>An IoT Edge module has no key: the workload API (aziot-edged) signs for it.</summary>
public sealed class WorkloadApiSigner(WorkloadApiClient workload, string moduleId, string generationId) : ISasTokenSigner
{
    public string? KeyName => null;

    public Task<string> SignAsync(string stringToSign, CancellationToken cancellationToken) =>
        workload.SignAsync(moduleId, generationId, stringToSign, cancellationToken);
}

/// <summary>
/// Caches one SAS token for the client's identity and signs a new one when the cached one reaches the
/// renewal point (a fraction of its lifetime), so MQTT reconnects and HTTPS calls share it.
/// </summary>
public sealed class SasTokenProvider(ISasTokenSigner signer, string resourceUri, TimeSpan lifetime, double renewAtFraction, TimeProvider timeProvider)
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
}
