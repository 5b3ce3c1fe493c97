namespace Yunbao.Edge.IotHub;

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
