using Microsoft.Extensions.Logging.Abstractions;
using Yunbao.Contracts.Frames;
using Yunbao.Contracts.Geo;
using Yunbao.Contracts.Storage;
using Azure.Storage.Blobs.Models;
using Yunbao.Application;
using Yunbao.Infrastructure.Storage;
using Yunbao.Testing;

namespace Yunbao.Infrastructure.Tests.Storage;

[Collection(LocalStackFixture.CollectionName)]
public sealed class BlobStoreTests(LocalStackFixture fx)
{
    private static FrameCapture Capture(string blobName) => new()
    {
        BlobName = blobName,
        DeviceId = "patrol-01",
        DistrictId = "lize",
        CapturedAt = new DateTimeOffset(2026, 11, 25, 8, 30, 0, 250, TimeSpan.Zero),
        Position = new GeoPoint(116.3101234, 39.8654321),
        HeadingDeg = 87.5,
        SpeedKmh = 23.4,
        View = "right",
        Source = EventSource.PatrolVehicle,
        ImageWidth = 1280,
        ImageHeight = 720,
    };

    [Fact]
    public async Task Frame_round_trips_bytes_capture_and_extra_metadata()
    {
        var store = new BlobFrameStore(await fx.CreateBlobContainerAsync("frames"), NullLogger<BlobFrameStore>.Instance);
        var capture = Capture("patrol-01/2026/11/25/0830/000123-right.jpg");
        byte[] image = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3];

        var etag = await store.WriteFrameAsync(capture, image, "image/jpeg",
            new Dictionary<string, string> { [FrameMetadataKeys.Simulated] = "true" }, default);
        Assert.False(string.IsNullOrEmpty(etag));

        var frame = await store.ReadAsync(capture.BlobName, default);
        Assert.NotNull(frame);
        Assert.Equal(capture, frame.Capture);
        Assert.Equal(image, frame.Image.ToArray());
        Assert.Equal("image/jpeg", frame.ContentType);
        Assert.Equal("true", frame.Metadata[FrameMetadataKeys.Simulated]);
    }

    [Theory]
    [InlineData("../heatmaps/manifest.json", "'..' segment")]
    [InlineData("%2e%2e/heatmaps/manifest.json", "percent-escape")]
    [InlineData("patrol-01\\..\\x.jpg", "backslash")]
    [InlineData("/patrol-01/x.jpg", "'' segment")]
    public async Task A_name_that_could_leave_the_container_is_refused_before_any_storage_call(string blobName, string reason)
    {
        var store = new BlobFrameStore(await fx.CreateBlobContainerAsync("frames"), NullLogger<BlobFrameStore>.Instance);
        var e = await Assert.ThrowsAsync<UnprocessableInputException>(() => store.ReadAsync(blobName, default));
        Assert.Contains("before any storage call", e.Message);
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public async Task Missing_frame_reads_as_null()
    {
        var store = new BlobFrameStore(await fx.CreateBlobContainerAsync("frames"), NullLogger<BlobFrameStore>.Instance);
        Assert.Null(await store.ReadAsync("nope/none.jpg", default));
    }

    [Theory]
    [InlineData("lat", "north", "metadata 'lat' = 'north' is not a number")]
    [InlineData("lat", null, "metadata 'lat' is missing")]
    [InlineData("capturedat", "yesterday", "metadata 'capturedat' = 'yesterday' is not an ISO 8601 time")]
    [InlineData("deviceid", null, "metadata 'deviceid' is missing")]
    [InlineData("source", "Drone", "metadata 'source' = 'Drone' is not one of")]
    [InlineData("width", "-5", "metadata 'width' = '-5' is not a non-negative integer")]
    [InlineData("lon", "200", "metadata 'lon' = '200' is outside -180..180")]
    public async Task Bad_metadata_is_unprocessable_and_names_the_key(string key, string? value, string expected)
    {
        var container = await fx.CreateBlobContainerAsync("frames");
        var store = new BlobFrameStore(container, NullLogger<BlobFrameStore>.Instance);
        var metadata = FrameMetadataCodec.ToMetadata(Capture("x"));
        if (value is null) metadata.Remove(key); else metadata[key] = value;
        await container.GetBlobClient("bad.jpg").UploadAsync(BinaryData.FromBytes([1, 2, 3]), new BlobUploadOptions { Metadata = metadata });

        var e = await Assert.ThrowsAsync<UnprocessableInputException>(() => store.ReadAsync("bad.jpg", default));
        Assert.Contains(expected, e.Message);
        Assert.Contains("'bad.jpg'", e.Message);
    }

    [Fact]
    public async Task Heatmap_tiles_and_documents_round_trip_with_content_type_and_cache_control()
    {
        var container = await fx.CreateBlobContainerAsync("heatmaps");
        var store = new BlobHeatmapStore(container);
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 9, 9];

        await store.WriteTileAsync("all", "24h", 15, 26972, 12418, png, default);
        Assert.Equal(png, (await store.ReadTileAsync("all", "24h", 15, 26972, 12418, default))!.Value.ToArray());
        Assert.Null(await store.ReadTileAsync("all", "24h", 15, 26972, 12419, default));

        var props = (await container.GetBlobClient("all/24h/15/26972/12418.png").GetPropertiesAsync()).Value;
        Assert.Equal("image/png", props.ContentType);
        Assert.Equal(BlobHeatmapStore.TileCacheControl, props.CacheControl);

        await store.WriteDocumentAsync("all/24h/tile.json", """{"tilejson":"3.0.0"}""", default);
        Assert.Equal("""{"tilejson":"3.0.0"}""", await store.ReadDocumentAsync("all/24h/tile.json", default));
        Assert.Null(await store.ReadDocumentAsync("all/7d/tile.json", default));
        Assert.StartsWith("application/json", (await container.GetBlobClient("all/24h/tile.json").GetPropertiesAsync()).Value.ContentType);

        await Assert.ThrowsAsync<ArgumentException>(() => store.WriteDocumentAsync("../escape.json", "{}", default));

        // A cold tile is deleted, not overwritten, and deleting it again is harmless.
        await store.DeleteTileAsync("all", "24h", 15, 26972, 12418, default);
        Assert.False((await container.GetBlobClient("all/24h/15/26972/12418.png").ExistsAsync()).Value);
        await store.DeleteTileAsync("all", "24h", 15, 26972, 12418, default);
    }

    [Fact]
    public async Task Provisioner_creates_every_container_and_queue_and_can_run_twice()
    {
        var provisioner = new StorageProvisioner(fx.Blobs, fx.Queues, NullLogger<StorageProvisioner>.Instance);
        await provisioner.EnsureCreatedAsync(default);
        await provisioner.EnsureCreatedAsync(default);

        foreach (var c in StorageNames.Containers) Assert.True((await fx.Blobs.GetBlobContainerClient(c).ExistsAsync()).Value, c);
        foreach (var q in StorageNames.Queues) Assert.True((await fx.Queues.GetQueueClient(q).ExistsAsync()).Value, q);
        Assert.Contains("frame-events-poison", StorageNames.Queues);
        Assert.Contains("telemetry-poison", StorageNames.Queues);
    }
}
