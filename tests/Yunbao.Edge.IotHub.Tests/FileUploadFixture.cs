using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Sas;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Yunbao.Edge.IotHub;

namespace Yunbao.Edge.IotHub.Tests;

/// <summary>
/// Azurite (blob) plus a minimal Kestrel stand-in for IoT Hub's two file-upload calls, both on loopback.
/// The stand-in answers hostName <c>127.0.0.1:{port}/devstoreaccount1</c> and the client PUTs over http.
/// </summary>
public sealed class FileUploadFixture : IAsyncLifetime
{
    public const string Account = "devstoreaccount1";
    // The well-known Azurite development key (public, not a secret).
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    public const string Container = "frames";

    private readonly string _dir = TestPaths.NewTempDirectory("azurite");
    private Process? _azurite;
    private WebApplication? _hub;

    public int BlobPort { get; } = TestPaths.FreeTcpPort();

    public int HubPort { get; } = TestPaths.FreeTcpPort();

    public List<JsonElement> Notifications { get; } = [];

    public List<string> Rejections { get; } = [];

    /// <summary>When true the stand-in hands out a SAS with a broken signature, so the blob PUT fails.</summary>
    public bool BreakSas { get; set; }

    public BlobContainerClient ContainerClient =>
        new(new Uri($"http://127.0.0.1:{BlobPort}/{Account}/{Container}"), new StorageSharedKeyCredential(Account, AccountKey));

    public async Task InitializeAsync()
    {
        var bin = Path.Combine(TestPaths.RepositoryRoot(), "tools", "emulators", "node_modules", ".bin", "azurite-blob");
        if (!File.Exists(bin)) throw new InvalidOperationException($"Azurite is not installed: run `npm ci --prefix tools/emulators` first ({bin} missing).");
        _azurite = Process.Start(new ProcessStartInfo(bin,
            $"--blobHost 127.0.0.1 --blobPort {BlobPort} --location {_dir} --skipApiVersionCheck --loose --silent")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        await WaitForPortAsync(BlobPort);
        await ContainerClient.CreateIfNotExistsAsync();

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, HubPort));
        _hub = builder.Build();
        _hub.MapPost("/devices/{deviceId}/files", async (string deviceId, HttpRequest request) =>
        {
            if (Reject(request, deviceId) is { } refusal) return refusal;
            using var body = await JsonDocument.ParseAsync(request.Body);
            var blobName = $"{deviceId}/{body.RootElement.GetProperty("blobName").GetString()}";
            var sas = new BlobSasBuilder(BlobSasPermissions.Create | BlobSasPermissions.Write, DateTimeOffset.UtcNow.AddHours(1))
            {
                BlobContainerName = Container,
                BlobName = blobName,
                Protocol = SasProtocol.HttpsAndHttp,
            }.ToSasQueryParameters(new StorageSharedKeyCredential(Account, AccountKey)).ToString();
            if (BreakSas) sas = sas.Replace("sig=", "sig=AAAA");
            return Results.Json(new
            {
                correlationId = Guid.NewGuid().ToString(),
                hostName = $"127.0.0.1:{BlobPort}/{Account}",
                containerName = Container,
                blobName,
                sasToken = "?" + sas,
            });
        });
        _hub.MapPost("/devices/{deviceId}/files/notifications", async (string deviceId, HttpRequest request) =>
        {
            if (Reject(request, deviceId) is { } refusal) return refusal;
            using var body = await JsonDocument.ParseAsync(request.Body);
            lock (Notifications) Notifications.Add(body.RootElement.Clone());
            return Results.NoContent();
        });
        await _hub.StartAsync();
    }

    private IResult? Reject(HttpRequest request, string deviceId)
    {
        string? error = null;
        if (request.Query["api-version"] != "2021-04-12") error = "api-version must be 2021-04-12";
        else if (!SharedAccessSignature.Validate(request.Headers.Authorization, SharedAccessSignature.ResourceUri(TestDevices.Hub, deviceId), TestDevices.Key, DateTimeOffset.UtcNow, out error)) { }
        if (error is null) return null;
        lock (Rejections) Rejections.Add(error);
        return Results.Json(new { Message = error }, statusCode: 401);
    }

    public async Task DisposeAsync()
    {
        if (_hub is not null) await _hub.DisposeAsync();
        if (_azurite is { HasExited: false })
        {
            _azurite.Kill(entireProcessTree: true);
            await _azurite.WaitForExitAsync();
        }

        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private async Task WaitForPortAsync(int port)
    {
        var sw = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (sw.Elapsed < TimeSpan.FromSeconds(30))
            {
                if (_azurite!.HasExited) throw new InvalidOperationException("Azurite exited: " + await _azurite.StandardError.ReadToEndAsync());
                await Task.Delay(100);
            }
        }
    }
}
