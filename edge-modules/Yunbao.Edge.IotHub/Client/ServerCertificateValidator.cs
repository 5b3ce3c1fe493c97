using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Yunbao.Edge.IotHub;

/// <summary>
/// Accepts the broker's certificate when the OS trusts it, or when the only fault is a chain to an unknown root that
/// is one of the extra trusted CAs (edgeHub's certificate chains to the device CA from the workload API's trust bundle).
/// </summary>
internal sealed class ServerCertificateValidator(X509Certificate2Collection? trustedCertificates)
{
    public bool Validate(X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None) return true;
        // A name mismatch or a missing certificate is never repaired by an extra root.
        if (certificate is null || trustedCertificates is null || errors != SslPolicyErrors.RemoteCertificateChainErrors) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trustedCertificates);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
