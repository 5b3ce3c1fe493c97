using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Serialization;

namespace Yunbao.Edge.IotHub;

/// <summary>
/// The IoT Edge workload API (aziot-edged): signs SAS strings for a module and serves the trust bundle
/// that edgeHub's server certificate chains to. A <c>unix://</c> URI means HTTP over a Unix domain socket.
/// </summary>
public sealed class WorkloadApiClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly string _apiVersion;

    public WorkloadApiClient(Uri workloadUri, string apiVersion, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(workloadUri);
        _apiVersion = apiVersion;
        if (workloadUri.Scheme == "unix")
        {
            var socketPath = workloadUri.LocalPath;
            handler ??= new SocketsHttpHandler
            {
                ConnectCallback = async (_, ct) =>
                {
                    var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    try
                    {
                        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct).ConfigureAwait(false);
                        return new NetworkStream(socket, ownsSocket: true);
                    }
                    catch
                    {
                        socket.Dispose();
                        throw;
                    }
                },
            };
            // The host name is ignored over the socket; requests still need an absolute URI.
            _http = new HttpClient(handler) { BaseAddress = new Uri("http://workload.sock/") };
        }
        else
        {
            _http = handler is null ? new HttpClient() : new HttpClient(handler);
            _http.BaseAddress = new Uri(workloadUri.ToString().TrimEnd('/') + "/");
        }
    }

    /// <summary><c>POST /modules/{moduleId}/genid/{generationId}/sign?api-version=...</c> → Base64 digest.</summary>
    public async Task<string> SignAsync(string moduleId, string generationId, string stringToSign, CancellationToken cancellationToken)
    {
        var path = $"modules/{Uri.EscapeDataString(moduleId)}/genid/{Uri.EscapeDataString(generationId)}/sign?api-version={Uri.EscapeDataString(_apiVersion)}";
        var request = new SignRequest("primary", "HMACSHA256", Convert.ToBase64String(Encoding.UTF8.GetBytes(stringToSign)));
        using var response = await _http.PostAsJsonAsync(path, request, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, "sign", cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadFromJsonAsync<SignResponse>(cancellationToken).ConfigureAwait(false);
        return body?.Digest is { Length: > 0 } digest ? digest : throw new IotHubException(0, "Workload API sign answered without a digest.");
    }

    /// <summary><c>GET /trust-bundle?api-version=...</c> → the CA certificates to trust for TLS to edgeHub.</summary>
    public async Task<X509Certificate2Collection> GetTrustBundleAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync($"trust-bundle?api-version={Uri.EscapeDataString(_apiVersion)}", cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, "trust-bundle", cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadFromJsonAsync<TrustBundleResponse>(cancellationToken).ConfigureAwait(false);
        var certificates = new X509Certificate2Collection();
        if (body?.Certificate is { Length: > 0 } pem) certificates.ImportFromPem(pem);
        return certificates;
    }

    public void Dispose() => _http.Dispose();

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode) return;
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        throw new IotHubException((int)response.StatusCode, $"Workload API {operation} failed with {(int)response.StatusCode} {response.StatusCode}: {text}");
    }

    private sealed record SignRequest(
        [property: JsonPropertyName("keyId")] string KeyId,
        [property: JsonPropertyName("algo")] string Algo,
        [property: JsonPropertyName("data")] string Data);

    private sealed record SignResponse([property: JsonPropertyName("digest")] string? Digest);

    private sealed record TrustBundleResponse([property: JsonPropertyName("certificate")] string? Certificate);
}
