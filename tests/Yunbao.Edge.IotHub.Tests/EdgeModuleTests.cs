using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Yunbao.Edge.IotHub;

namespace Yunbao.Edge.IotHub.Tests;

/// <summary>
/// An IoT Edge module with no key of its own: tokens signed by a workload API served over a real Unix domain socket,
/// TLS to an edgeHub stand-in whose certificate chains to the CA from the workload API's trust bundle.
/// </summary>
public sealed class EdgeModuleTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string ModuleKey = "bW9kdWxlLWtleS1vbmx5LWtub3duLXRvLXRoZS13b3JrbG9hZC1hcGk=";
    private readonly string _dir = TestPaths.NewTempDirectory("edge");
    private readonly List<string> _signRequests = [];
    private WebApplication? _workload;
    private X509Certificate2 _ca = null!;
    private X509Certificate2 _server = null!;

    private string SocketPath => Path.Combine(_dir, "workload.sock");

    public async Task InitializeAsync()
    {
        (_ca, _server) = CreateCaAndServerCertificate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.ListenUnixSocket(SocketPath));
        _workload = builder.Build();
        _workload.MapPost("/modules/{moduleId}/genid/{generationId}/sign", async (string moduleId, string generationId, HttpRequest request) =>
        {
            using var body = await JsonDocument.ParseAsync(request.Body);
            lock (_signRequests) _signRequests.Add($"{moduleId}|{generationId}|{request.Query["api-version"]}|{body.RootElement.GetProperty("keyId").GetString()}|{body.RootElement.GetProperty("algo").GetString()}");
            var data = Convert.FromBase64String(body.RootElement.GetProperty("data").GetString()!);
            var digest = Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(ModuleKey), data));
            return Results.Json(new { digest });
        });
        _workload.MapGet("/trust-bundle", () => Results.Json(new { certificate = _ca.ExportCertificatePem() }));
        await _workload.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_workload is not null) await _workload.DisposeAsync();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private Dictionary<string, string> EdgeEnvironment() => new()
    {
        ["IOTEDGE_IOTHUBHOSTNAME"] = TestDevices.Hub,
        ["IOTEDGE_DEVICEID"] = "edge-gw-01",
        ["IOTEDGE_MODULEID"] = "patrolCamera",
        ["IOTEDGE_GATEWAYHOSTNAME"] = "127.0.0.1",
        ["IOTEDGE_WORKLOADURI"] = "unix://" + SocketPath,
        ["IOTEDGE_MODULEGENERATIONID"] = "gen-42",
        ["IOTEDGE_APIVERSION"] = "2019-01-30",
        ["IOTEDGE_AUTHSCHEME"] = "sasToken",
    };

    [Fact]
    public async Task Workload_api_signs_over_the_unix_socket_and_the_token_is_what_iot_hub_expects()
    {
        using var workload = new WorkloadApiClient(new Uri("unix://" + SocketPath), "2019-01-30");
        var resource = SharedAccessSignature.ResourceUri(TestDevices.Hub, "edge-gw-01", "patrolCamera");
        var expiry = DateTimeOffset.UtcNow.AddHours(1);

        var token = await SharedAccessSignature.CreateAsync(new WorkloadApiSigner(workload, "patrolCamera", "gen-42"), resource, expiry);

        Assert.True(SharedAccessSignature.Validate(token.Value, resource, ModuleKey, DateTimeOffset.UtcNow, out var error), error);
        lock (_signRequests) Assert.Equal("patrolCamera|gen-42|2019-01-30|primary|HMACSHA256", Assert.Single(_signRequests));
        var bundle = await workload.GetTrustBundleAsync(default);
        Assert.Equal(_ca.Thumbprint, Assert.Single(bundle).Thumbprint);
    }

    [Fact]
    public async Task Module_from_the_edge_environment_connects_over_tls_trusting_the_bundle()
    {
        await using var broker = new InProcessBroker { TlsCertificate = _server };
        var resource = SharedAccessSignature.ResourceUri(TestDevices.Hub, "edge-gw-01", "patrolCamera");
        broker.ValidateConnect = e => SharedAccessSignature.Validate(e.Password, resource, ModuleKey, DateTimeOffset.UtcNow, out var error) ? null : error;
        await broker.StartAsync();
        var options = new IotHubClientOptions
        {
            MqttPort = broker.Port, // host: IOTEDGE_GATEWAYHOSTNAME; TLS on (the default)
            Outbox = new OutboxOptions { Directory = _dir },
            ReconnectMinDelay = TimeSpan.FromMilliseconds(100),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(500),
        };
        var env = EdgeEnvironment();

        await using var client = await IotHubClient.CreateAsync(options, XunitLoggerProvider.Factory(output), environment: n => env.GetValueOrDefault(n));
        await client.StartAsync();
        await client.SendEventAsync("health", new { ok = true }, outputName: "health");
        await client.WaitForOutboxDrainedAsync().WaitAsync(TimeSpan.FromSeconds(15));

        var connect = broker.Connects.Last();
        Assert.Equal("edge-gw-01/patrolCamera", connect.ClientId);
        Assert.Equal($"{TestDevices.Hub}/edge-gw-01/patrolCamera/?api-version=2021-04-12", connect.UserName);
        Assert.StartsWith("devices/edge-gw-01/modules/patrolCamera/messages/events/", Assert.Single(broker.Received).Topic);
    }

    [Fact]
    public async Task Without_the_trust_bundle_the_module_refuses_edgehubs_certificate()
    {
        await using var broker = new InProcessBroker { TlsCertificate = _server };
        await broker.StartAsync();
        var options = new IotHubClientOptions
        {
            ConnectionString = $"HostName={TestDevices.Hub};DeviceId=edge-gw-01;ModuleId=patrolCamera;SharedAccessKey={ModuleKey};GatewayHostName=127.0.0.1",
            MqttPort = broker.Port,
            Outbox = new OutboxOptions { Directory = _dir },
            ReconnectMinDelay = TimeSpan.FromMilliseconds(100),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
        };

        var logs = new CollectingLogger();
        await using var client = await IotHubClient.CreateAsync(options, XunitLoggerProvider.Factory(output, logs), environment: _ => null);
        await client.StartAsync();
        await client.SendEventAsync("health", new { ok = true });
        // Two refused attempts prove the client reached the broker, checked its certificate and refused it.
        await logs.WaitForWarningsAsync("lost or refused", count: 2, TimeSpan.FromSeconds(10));

        Assert.False(client.IsConnected);
        Assert.Equal(1, client.PendingMessages); // kept for when trust is fixed
        Assert.Empty(broker.Connects);
    }

    private static (X509Certificate2 Ca, X509Certificate2 Server) CreateCaAndServerCertificate()
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=Yunbao test edge CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

        using var serverKey = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var issued = request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10), RandomNumberGenerator.GetBytes(8));
        using var withKey = issued.CopyWithPrivateKey(serverKey);
        // Re-import so SslStream on Linux can use the private key.
        var server = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        return (X509CertificateLoader.LoadCertificate(ca.Export(X509ContentType.Cert)), server);
    }
}
