using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Yunbao.IotHubStandIn;

/// <summary>
/// The stand-in's own certificate authority, so real devices and Microsoft's SDKs (which only speak TLS) can connect:
/// created on first start in a folder of the runner's (never the repo), reused afterwards so a device trusts it once.
/// Each start issues a fresh server certificate for the hub's host name, <c>localhost</c> and <c>127.0.0.1</c>.
/// </summary>
public sealed class LocalCertificateAuthority : IDisposable
{
    public const string CaCertificateFileName = "iothub-standin-ca.pem";
    private const string CaKeyFileName = "iothub-standin-ca.key.pem";
    public const string ServerCertificateFileName = "iothub-standin-server.pem";
    public const string ServerKeyFileName = "iothub-standin-server.key.pem";

    private LocalCertificateAuthority(string directory, X509Certificate2 ca, X509Certificate2 server)
    {
        (Directory, CaCertificate, ServerCertificate) = (directory, ca, server);
    }

    public string Directory { get; }

    /// <summary>PEM of the CA certificate: what a device trusts (NODE_EXTRA_CA_CERTS, SSL_CERT_FILE, the C# SDK's trust store).</summary>
    public string CaCertificatePath => Path.Combine(Directory, CaCertificateFileName);

    /// <summary>PEM of this start's server certificate and its key (e.g. for Azurite's --cert/--key).</summary>
    public string ServerCertificatePath => Path.Combine(Directory, ServerCertificateFileName);
    public string ServerKeyPath => Path.Combine(Directory, ServerKeyFileName);

    public X509Certificate2 CaCertificate { get; }

    /// <summary>Server certificate with its private key, for the MQTT/TLS and HTTPS listeners.</summary>
    public X509Certificate2 ServerCertificate { get; }

    /// <summary>Loads the CA in <paramref name="directory"/> (creating it on first use) and issues a server certificate for <paramref name="hostName"/>.</summary>
    public static LocalCertificateAuthority LoadOrCreate(string directory, string hostName, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var now = (time ?? TimeProvider.System).GetUtcNow();
        System.IO.Directory.CreateDirectory(directory);
        var caPath = Path.Combine(directory, CaCertificateFileName);
        var caKeyPath = Path.Combine(directory, CaKeyFileName);
        X509Certificate2 ca;
        // Two stand-ins starting at once must not each write half a CA: one creates it under the lock, the other loads it.
        using var gate = AcquireLock(Path.Combine(directory, ".ca.lock"));
        if (File.Exists(caPath) && File.Exists(caKeyPath))
            ca = X509Certificate2.CreateFromPemFile(caPath, caKeyPath);
        else
        {
            using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=Yunbao IoT Hub STAND-IN local CA (not Azure), O=Yunbao local", caKey, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            ca = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(10));
            WritePrivate(caKeyPath, caKey.ExportPkcs8PrivateKeyPem());
            File.WriteAllText(caPath, ca.ExportCertificatePem());
        }

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest($"CN={hostName}", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(hostName);
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));   // serverAuth
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        // Validity inside the CA's; a short life is fine because each start issues a new one.
        var notAfter = now.AddDays(90) < ca.NotAfter ? now.AddDays(90) : ca.NotAfter.ToUniversalTime();
        using var issued = serverRequest.Create(ca, now.AddDays(-1), notAfter, RandomNumberGenerator.GetBytes(16));
        using var withKey = issued.CopyWithPrivateKey(serverKey);
        // A PKCS#12 round trip gives a certificate whose key SslStream can use on every platform.
        var server = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        File.WriteAllText(Path.Combine(directory, ServerCertificateFileName), issued.ExportCertificatePem());
        WritePrivate(Path.Combine(directory, ServerKeyFileName), serverKey.ExportPkcs8PrivateKeyPem());
        return new LocalCertificateAuthority(directory, ca, server);
    }

    private static FileStream AcquireLock(string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
            catch (IOException) when (attempt < 200) { Thread.Sleep(50); }
        }
    }

    private static void WritePrivate(string path, string pem)
    {
        File.WriteAllText(path, pem);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    public void Dispose()
    {
        CaCertificate.Dispose();
        ServerCertificate.Dispose();
    }
}
