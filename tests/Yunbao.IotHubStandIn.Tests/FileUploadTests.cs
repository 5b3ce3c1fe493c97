using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Yunbao.Contracts.Frames;
using Yunbao.Contracts.Messaging;

namespace Yunbao.IotHubStandIn.Tests;

[Collection(StorageCollection.Name)]
public sealed class FileUploadTests(StorageFixture storage)
{
    private static HttpClient Client(IotHubStandIn hub, string deviceId)
    {
        var http = new HttpClient { BaseAddress = hub.HttpBaseAddress };
        http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", hub.Registry.CreateSasToken(deviceId, null, DateTimeOffset.UtcNow.AddHours(1)));
        return http;
    }

    [Fact]
    public async Task Frame_upload_lands_in_frames_with_metadata_and_queues_one_BlobCreated_event()
    {
        var options = storage.NewOptions(new DeviceSeed("car-01"));
        options.FramesContainer = EventGridEvents.FramesContainer;   // the production name: the parser accepts only `frames`
        await using var hub = await IotHubStandIn.StartAsync(options);
        using var http = Client(hub, "car-01");

        var initiate = await http.PostAsJsonAsync("devices/car-01/files?api-version=2021-04-12", new { blobName = $"{Guid.NewGuid():N}/000001-front.jpg" });
        initiate.EnsureSuccessStatusCode();
        var sas = (await initiate.Content.ReadFromJsonAsync<FileUploadSasUri>())!;
        var blob = new BlobClient(new Uri($"http://{sas.HostName}/{sas.ContainerName}/{sas.BlobName}{sas.SasToken}"));
        await blob.UploadAsync(BinaryData.FromBytes([0xFF, 0xD8, 0xFF, 0xD9]), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "image/jpeg" },
            Metadata = new Dictionary<string, string> { [FrameMetadataKeys.DeviceId] = "car-01", [FrameMetadataKeys.View] = "front" },
        });
        var notify = await http.PostAsJsonAsync("devices/car-01/files/notifications?api-version=2021-04-12",
            new { correlationId = sas.CorrelationId, isSuccess = true, statusCode = 200, statusDescription = "ok" });

        Assert.Equal(HttpStatusCode.NoContent, notify.StatusCode);
        Assert.Equal(options.FramesContainer, sas.ContainerName);
        Assert.StartsWith("car-01/", sas.BlobName);
        var stored = new BlobContainerClient(storage.StorageConnectionString, options.FramesContainer).GetBlobClient(sas.BlobName);
        Assert.Equal("front", (await stored.GetPropertiesAsync()).Value.Metadata[FrameMetadataKeys.View]);
        var raw = Assert.Single(await QueueReading.WaitForMessagesAsync(storage.Queue(options.FrameEventsQueue), 1));
        var created = EventGridEvents.ParseFrameBlobCreated(raw);
        Assert.Equal((sas.BlobName, 4L, "image/jpeg"), (created.BlobName, created.ContentLength, created.ContentType));
        var evt = JsonDocument.Parse(EventGridEvents.DecodeQueueMessage(raw)).RootElement;
        Assert.Equal("Microsoft.Storage.BlobCreated", evt.GetProperty("eventType").GetString());
        Assert.Equal($"/blobServices/default/containers/{options.FramesContainer}/blobs/{sas.BlobName}", evt.GetProperty("subject").GetString());
        Assert.Equal(4, evt.GetProperty("data").GetProperty("contentLength").GetInt64());
        Assert.Equal("image/jpeg", evt.GetProperty("data").GetProperty("contentType").GetString());
        Assert.EndsWith($"/{options.FramesContainer}/{sas.BlobName}", evt.GetProperty("data").GetProperty("url").GetString());
        Assert.Equal(0, hub.ActiveUploads("car-01"));
        Assert.True(hub.HttpBaseAddress.IsLoopback);
    }

    [Fact]
    public async Task Upload_SAS_is_write_only_and_only_for_that_blob()
    {
        var options = storage.NewOptions(new DeviceSeed("car-01"));
        await using var hub = await IotHubStandIn.StartAsync(options);
        using var http = Client(hub, "car-01");
        var sas = (await (await http.PostAsJsonAsync("devices/car-01/files?api-version=2021-04-12", new { blobName = "a.jpg" })).Content.ReadFromJsonAsync<FileUploadSasUri>())!;
        var blob = new BlobClient(new Uri($"http://{sas.HostName}/{sas.ContainerName}/{sas.BlobName}{sas.SasToken}"));
        await blob.UploadAsync(BinaryData.FromString("x"));

        var read = await Assert.ThrowsAsync<Azure.RequestFailedException>(() => blob.DownloadContentAsync());
        var other = new BlobClient(new Uri($"http://{sas.HostName}/{sas.ContainerName}/car-01/b.jpg{sas.SasToken}"));
        var write = await Assert.ThrowsAsync<Azure.RequestFailedException>(() => other.UploadAsync(BinaryData.FromString("y")));

        Assert.Equal(403, read.Status);
        Assert.Equal(403, write.Status);
    }

    [Fact]
    public async Task Failure_notification_frees_the_slot_and_queues_nothing()
    {
        var options = storage.NewOptions(new DeviceSeed("car-01"));
        options.MaxConcurrentUploadsPerDevice = 1;
        await using var hub = await IotHubStandIn.StartAsync(options);
        using var http = Client(hub, "car-01");

        var first = await http.PostAsJsonAsync("devices/car-01/files?api-version=2021-04-12", new { blobName = "1.jpg" });
        var refused = await http.PostAsJsonAsync("devices/car-01/files?api-version=2021-04-12", new { blobName = "2.jpg" });
        var correlationId = (await first.Content.ReadFromJsonAsync<FileUploadSasUri>())!.CorrelationId;
        var failed = await http.PostAsJsonAsync("devices/car-01/files/notifications?api-version=2021-04-12",
            new { correlationId, isSuccess = false, statusCode = 500, statusDescription = "storage unreachable" });
        var again = await http.PostAsJsonAsync("devices/car-01/files?api-version=2021-04-12", new { blobName = "2.jpg" });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, failed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(1, hub.Stats.UploadsFailed);
        Assert.Empty(await QueueReading.WaitForEventsAsync(storage.Queue(options.FrameEventsQueue), 1, TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public async Task Upload_requests_need_the_devices_own_token()
    {
        await using var hub = await IotHubStandIn.StartAsync(storage.NewOptions(new DeviceSeed("car-01"), new DeviceSeed("car-02")));
        using var http = Client(hub, "car-02");

        var response = await http.PostAsJsonAsync("devices/car-01/files?api-version=2021-04-12", new { blobName = "1.jpg" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(IotHubStandIn.Label, response.Headers.GetValues("x-yunbao-standin").Single());
    }

    [Fact]
    public async Task Upload_with_a_module_identity_is_refused_with_401_like_IoT_Hub()
    {
        var options = storage.NewOptions(new DeviceSeed("car-01", ModuleIds: ["PatrolCamera"]));
        await using var hub = await IotHubStandIn.StartAsync(options);
        using var http = new HttpClient { BaseAddress = hub.HttpBaseAddress };
        // The module's own valid token, for its own device's upload endpoint: IoT Hub offers file upload to devices only.
        http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", hub.Registry.CreateSasToken("car-01", "PatrolCamera", DateTimeOffset.UtcNow.AddHours(1)));

        var initiate = await http.PostAsJsonAsync("devices/car-01/files?api-version=2021-04-12", new { blobName = "1.jpg" });
        var notify = await http.PostAsJsonAsync("devices/car-01/files/notifications?api-version=2021-04-12",
            new { correlationId = "x", isSuccess = true, statusCode = 200, statusDescription = "ok" });

        Assert.Equal(HttpStatusCode.Unauthorized, initiate.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, notify.StatusCode);
        Assert.Contains("IotHubUnauthorizedAccess", await initiate.Content.ReadAsStringAsync());
        Assert.Equal(0, hub.ActiveUploads("car-01"));
        Assert.Equal(0, hub.Stats.UploadsStarted);
    }

    [Fact]
    public async Task The_device_SDKs_notification_form_with_the_correlation_id_in_the_path_completes_the_upload()
    {
        var options = storage.NewOptions(new DeviceSeed("car-01"));
        options.FramesContainer = EventGridEvents.FramesContainer;   // the parser accepts only `frames`
        await using var hub = await IotHubStandIn.StartAsync(options);
        using var http = Client(hub, "car-01");
        var sas = (await (await http.PostAsJsonAsync("devices/car-01/files?api-version=2021-04-12", new { blobName = "p.jpg" })).Content.ReadFromJsonAsync<FileUploadSasUri>())!;
        await new BlobClient(new Uri($"http://{sas.HostName}/{sas.ContainerName}/{sas.BlobName}{sas.SasToken}")).UploadAsync(BinaryData.FromBytes([0xFF, 0xD8, 0xFF, 0xD9]));

        var notify = await http.PostAsJsonAsync($"devices/car-01/files/notifications/{Uri.EscapeDataString(sas.CorrelationId)}?api-version=2021-04-12",
            new { isSuccess = true, statusCode = 201, statusDescription = "ok" });

        Assert.Equal(HttpStatusCode.NoContent, notify.StatusCode);
        var created = EventGridEvents.ParseFrameBlobCreated(Assert.Single(await QueueReading.WaitForMessagesAsync(storage.Queue(options.FrameEventsQueue), 1)));
        Assert.Equal(sas.BlobName, created.BlobName);
        Assert.Equal(0, hub.ActiveUploads("car-01"));
    }

    [Fact]
    public async Task Upload_request_without_api_version_is_refused()
    {
        await using var hub = await IotHubStandIn.StartAsync(storage.NewOptions(new DeviceSeed("car-01")));
        using var http = Client(hub, "car-01");

        var response = await http.PostAsJsonAsync("devices/car-01/files", new { blobName = "1.jpg" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, hub.ActiveUploads("car-01"));
    }
}
