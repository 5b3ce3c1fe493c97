using Yunbao.Contracts.Frames;
using Yunbao.Contracts.Geo;

namespace Yunbao.Contracts.Tests.Frames;

public sealed class FrameMetadataCodecTests
{
    private static readonly FrameCapture Capture = new()
    {
        BlobName = FrameBlobNames.For("pole-07", new DateTimeOffset(2026, 11, 25, 8, 30, 5, 120, TimeSpan.FromHours(8)), 42, "fixed"),
        DeviceId = "pole-07",
        DistrictId = "lize",
        CapturedAt = new DateTimeOffset(2026, 11, 25, 8, 30, 5, 120, TimeSpan.FromHours(8)),
        Position = new GeoPoint(116.3105, 39.865),
        HeadingDeg = 180,
        View = "fixed",
        Source = EventSource.FixedCamera,
        ImageWidth = 1280,
        ImageHeight = 720,
    };

    [Fact]
    public void A_capture_survives_the_trip_through_blob_metadata()
    {
        var metadata = FrameMetadataCodec.ToMetadata(Capture);

        Assert.Equal(Capture, FrameMetadataCodec.Parse(Capture.BlobName, metadata));
        Assert.Equal("2026-11-25T00:30:05.120Z", metadata[FrameMetadataKeys.CapturedAt]);
    }

    [Fact]
    public void Blob_names_are_utc_dated_under_the_device_and_IoT_Hub_gets_them_without_it()
    {
        Assert.Equal("pole-07/2026/11/25/003005-000042-fixed.jpg", Capture.BlobName);
        Assert.Equal("2026/11/25/003005-000042-fixed.jpg", FrameBlobNames.WithoutDevicePrefix(Capture.BlobName, "pole-07"));
        Assert.Equal("other/x.jpg", FrameBlobNames.WithoutDevicePrefix("other/x.jpg", "pole-07"));
    }

    [Theory]
    [InlineData(FrameMetadataKeys.DeviceId, null, "is missing")]
    [InlineData(FrameMetadataKeys.Lat, "north", "is not a number")]
    [InlineData(FrameMetadataKeys.Lon, "181", "is outside -180..180")]
    [InlineData(FrameMetadataKeys.Source, "Drone", "is not one of")]
    public void Unusable_metadata_names_the_key_and_the_problem(string key, string? value, string problem)
    {
        var metadata = FrameMetadataCodec.ToMetadata(Capture);
        if (value is null) metadata.Remove(key); else metadata[key] = value;

        var e = Assert.Throws<ContractFormatException>(() => FrameMetadataCodec.Parse(Capture.BlobName, metadata));

        Assert.Contains($"'{key}'", e.Message);
        Assert.Contains(problem, e.Message);
    }
}
