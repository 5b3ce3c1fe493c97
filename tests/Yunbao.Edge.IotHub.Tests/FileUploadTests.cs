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

public sealed class FileUploadTests(FileUploadFixture fixture, ITestOutputHelper output) : IClassFixture<FileUploadFixture>, IDisposable
{
    private readonly string _dir = TestPaths.NewTempDirectory("upload");

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private IotHubClient NewClient(string deviceId, string key = TestDevices.Key)
    {
        var options = TestDevices.LocalOptions(1, _dir);
        options.HttpBaseAddress = $"http://127.0.0.1:{fixture.HubPort}";
        var settings = TestDevices.Device(deviceId) with { SharedAccessKey = key };
        return TestDevices.Client(settings, options, XunitLoggerProvider.Factory(output));
    }

    [Fact]
    public async Task Upload_puts_the_blob_with_its_capture_metadata_and_notifies_the_hub()
    {
        await using var client = NewClient("patrol-car-01");
        var frame = new byte[150_000];
        Random.Shared.NextBytes(frame);
        var metadata = new Dictionary<string, string>
        {
            ["capturedAt"] = "2026-11-25T08:30:15.123Z",
            ["lon"] = "116.3101",
            ["lat"] = "39.8652",
            ["view"] = "front",
        };

        var result = await client.UploadFileAsync("2026/11/25/frame-0001.jpg", new MemoryStream(frame), "image/jpeg", metadata);

        Assert.Equal("patrol-car-01/2026/11/25/frame-0001.jpg", result.BlobName);
        Assert.Equal(FileUploadFixture.Container, result.ContainerName);
        var blob = fixture.ContainerClient.GetBlobClient(result.BlobName);
        var properties = (await blob.GetPropertiesAsync()).Value;
        Assert.Equal("image/jpeg", properties.ContentType);
        Assert.Equal(frame.Length, properties.ContentLength);
        Assert.Equal("front", properties.Metadata["view"]);
        Assert.Equal("2026-11-25T08:30:15.123Z", properties.Metadata["capturedAt"]);
        Assert.Equal(frame, (await blob.DownloadContentAsync()).Value.Content.ToArray());
        var notification = FindNotification(result.CorrelationId);
        Assert.True(notification.GetProperty("isSuccess").GetBoolean());
        Assert.Equal(201, notification.GetProperty("statusCode").GetInt32());
    }

    [Fact]
    public async Task A_failed_blob_put_is_reported_to_the_hub_and_thrown()
    {
        await using var client = NewClient("patrol-car-02");
        fixture.BreakSas = true;
        try
        {
            var ex = await Assert.ThrowsAsync<FileUploadException>(() => client.UploadFileAsync("bad.jpg", new MemoryStream([1, 2, 3]), "image/jpeg"));

            Assert.Equal(403, ex.Status);
            JsonElement notification;
            lock (fixture.Notifications) notification = fixture.Notifications.Last(n => !n.GetProperty("isSuccess").GetBoolean());
            Assert.Equal(403, notification.GetProperty("statusCode").GetInt32());
            Assert.Contains("403", notification.GetProperty("statusDescription").GetString());
        }
        finally
        {
            fixture.BreakSas = false;
        }
    }

    [Fact]
    public async Task A_wrong_key_is_refused_by_the_hub_before_any_blob_is_written()
    {
        await using var client = NewClient("patrol-car-03", key: Convert.ToBase64String(new byte[32]));

        var ex = await Assert.ThrowsAsync<IotHubException>(() => client.UploadFileAsync("x.jpg", new MemoryStream([1]), "image/jpeg"));

        Assert.Equal(401, ex.Status);
        Assert.False(await fixture.ContainerClient.GetBlobClient("patrol-car-03/x.jpg").ExistsAsync());
    }

    [Fact]
    public async Task Metadata_that_cannot_travel_in_a_header_is_refused_up_front()
    {
        await using var client = NewClient("patrol-car-04");
        await Assert.ThrowsAsync<ArgumentException>(() => client.UploadFileAsync("x.jpg", new MemoryStream([1]), "image/jpeg", new Dictionary<string, string> { ["street"] = "丽泽路" }));
        await Assert.ThrowsAsync<ArgumentException>(() => client.UploadFileAsync("x.jpg", new MemoryStream([1]), "image/jpeg", new Dictionary<string, string> { ["bad-name"] = "x" }));
    }

    private JsonElement FindNotification(string correlationId)
    {
        lock (fixture.Notifications) return fixture.Notifications.Single(n => n.GetProperty("correlationId").GetString() == correlationId);
    }
}
