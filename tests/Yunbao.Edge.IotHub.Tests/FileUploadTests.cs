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
