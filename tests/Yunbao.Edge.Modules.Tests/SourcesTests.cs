using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Yunbao.Contracts.Frames;
using Yunbao.Contracts.Geo;
using Yunbao.Edge.Modules.Sources;

namespace Yunbao.Edge.Modules.Tests;

/// <summary>The device's own sources: a folder the camera writes into, a camera's snapshot URL, and the placeholders.</summary>
public sealed class SourcesTests : IDisposable
{
    private static readonly byte[] JpegA = [0xFF, 0xD8, 0xFF, 0xE0, 0x0A, 0xFF, 0xD9];
    private static readonly byte[] JpegB = [0xFF, 0xD8, 0xFF, 0xE0, 0x0B, 0xFF, 0xD9];
    private readonly string _folder = Directory.CreateTempSubdirectory("yunbao-frames-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    internal static FrameCapture Capture(string view = "front") => new()
    {
        BlobName = FrameBlobNames.For("cam-1", DateTimeOffset.UnixEpoch, 1, view),
        DeviceId = "cam-1",
        DistrictId = "lize",
        CapturedAt = DateTimeOffset.UnixEpoch,
        Position = new GeoPoint(116.31, 39.86),
        View = view,
    };

    private void Write(string name, byte[] bytes, DateTime writtenAt)
    {
        var path = Path.Combine(_folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        File.SetLastWriteTimeUtc(path, writtenAt);
    }

    [Fact]
    public async Task Folder_source_sends_the_newest_jpeg_once()
    {
        var t0 = new DateTime(2026, 11, 25, 8, 0, 0, DateTimeKind.Utc);
        Write("old.jpg", JpegA, t0);
        Write("new.JPEG", JpegB, t0.AddSeconds(5));
        Write("notes.txt", [1, 2, 3], t0.AddSeconds(9));
        var source = new FolderFrameSource(_folder);

        var first = await source.CaptureAsync(Capture(), default);
        var again = await Assert.ThrowsAsync<FrameUnavailableException>(() => source.CaptureAsync(Capture(), default));
        Write("newer.jpg", JpegA, t0.AddSeconds(10));
        var second = await source.CaptureAsync(Capture(), default);

        Assert.Equal(JpegB, first.Jpeg.ToArray());
        Assert.Contains("No new JPEG", again.Message);
        Assert.Equal(JpegA, second.Jpeg.ToArray());
    }

    [Fact]
    public async Task Folder_source_takes_each_view_from_its_own_subfolder()
    {
        var t0 = new DateTime(2026, 11, 25, 8, 0, 0, DateTimeKind.Utc);
        Write("front/1.jpg", JpegA, t0);
        Write("rear/1.jpg", JpegB, t0);
        var source = new FolderFrameSource(_folder);

        Assert.Equal(JpegA, (await source.CaptureAsync(Capture("front"), default)).Jpeg.ToArray());
        Assert.Equal(JpegB, (await source.CaptureAsync(Capture("rear"), default)).Jpeg.ToArray());
    }

    [Fact]
    public async Task Folder_source_without_a_jpeg_has_no_frame()
    {
        Write("broken.jpg", [0x00, 0x01, 0x02, 0x03], DateTime.UtcNow);

        var notJpeg = await Assert.ThrowsAsync<FrameUnavailableException>(() => new FolderFrameSource(_folder).CaptureAsync(Capture(), default));
        var missing = await Assert.ThrowsAsync<FrameUnavailableException>(() => new FolderFrameSource(Path.Combine(_folder, "nope")).CaptureAsync(Capture(), default));

        Assert.Contains("not a JPEG", notJpeg.Message);
        Assert.Contains("does not exist", missing.Message);
    }

    [Fact]
    public async Task Http_snapshot_source_fetches_each_view_from_the_camera_and_reports_a_bad_answer()
    {
        await using var camera = await SnapshotCamera.StartAsync();
        using var http = new HttpClient();
        var source = new HttpSnapshotFrameSource(http, camera.BaseAddress + "snapshot/{view}.jpg");

        var front = await source.CaptureAsync(Capture("front"), default);
        var rear = await source.CaptureAsync(Capture("rear"), default);
        var down = await Assert.ThrowsAsync<FrameUnavailableException>(() => source.CaptureAsync(Capture("broken"), default));
        var html = await Assert.ThrowsAsync<FrameUnavailableException>(() =>
            new HttpSnapshotFrameSource(http, camera.BaseAddress + "login").CaptureAsync(Capture(), default));

        Assert.Equal(JpegA, front.Jpeg.ToArray());
        Assert.Equal(JpegB, rear.Jpeg.ToArray());
        Assert.Equal(["/snapshot/front.jpg", "/snapshot/rear.jpg", "/snapshot/broken.jpg", "/login"], camera.Requests);
        Assert.Contains("503", down.Message);
        Assert.Contains("not a JPEG", html.Message);
    }

    [Fact]
    public void The_sensor_placeholder_says_it_is_not_connected_and_reads_nothing()
    {
        var sensor = new UnconnectedSensorSource(new GeoPoint(116.308, 39.862));

        Assert.False(sensor.IsConnected);
        Assert.Empty(sensor.Read(DateTimeOffset.UnixEpoch));
        Assert.Equal(new GeoPoint(116.308, 39.862), sensor.Position);
    }

    [Fact]
    public void The_GNSS_placeholder_has_no_fix()
    {
        var e = Assert.Throws<PositionUnavailableException>(() => new NoGnssPositionSource().Read(DateTimeOffset.UnixEpoch));

        Assert.Contains("No GNSS connected", e.Message);
    }

    /// <summary>A camera's snapshot endpoint on 127.0.0.1: JPEGs for front and rear, 503 for "broken", an HTML login page otherwise.</summary>
    private sealed class SnapshotCamera : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private SnapshotCamera(WebApplication app, string baseAddress) => (_app, BaseAddress) = (app, baseAddress);

        public string BaseAddress { get; }
        public List<string> Requests { get; } = [];

        public static async Task<SnapshotCamera> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            SnapshotCamera? camera = null;
            app.Run(async context =>
            {
                lock (camera!.Requests) camera.Requests.Add(context.Request.Path);
                switch (context.Request.Path.Value)
                {
                    case "/snapshot/front.jpg": context.Response.ContentType = "image/jpeg"; await context.Response.Body.WriteAsync(JpegA); break;
                    case "/snapshot/rear.jpg": context.Response.ContentType = "image/jpeg"; await context.Response.Body.WriteAsync(JpegB); break;
                    case "/snapshot/broken.jpg": context.Response.StatusCode = 503; break;
                    default: context.Response.ContentType = "text/html"; await context.Response.WriteAsync("<html>login</html>"); break;
                }
            });
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            camera = new SnapshotCamera(app, address.TrimEnd('/') + "/");
            return camera;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
