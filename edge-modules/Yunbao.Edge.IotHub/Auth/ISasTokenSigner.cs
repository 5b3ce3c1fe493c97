namespace Yunbao.Edge.IotHub;

/// <summary>Signs the SAS string-to-sign, returning the Base64 HMAC-SHA256 signature.</summary>
public interface ISasTokenSigner
{
    /// <summary>Policy name for a hub-level key (token gets <c>skn=</c>); null for device and module keys.</summary>
    string? KeyName { get; }

    Task<string> SignAsync(string stringToSign, CancellationToken cancellationToken);
}
