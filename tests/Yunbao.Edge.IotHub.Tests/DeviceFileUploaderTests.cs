using Yunbao.Edge.IotHub;

namespace Yunbao.Edge.IotHub.Tests;

/// <summary>The camera modules' upload path: IoT Hub file upload with the DEVICE identity, never the module's.</summary>
public sealed class DeviceFileUploaderTests(FileUploadFixture fixture, ITestOutputHelper output) : IClassFixture<FileUploadFixture>, IDisposable
{
    private readonly string _dir = TestPaths.NewTempDirectory("device-upload");

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private IotHubClientOptions Options() => new() { HttpBaseAddress = $"http://127.0.0.1:{fixture.HubPort}" };

    [Fact]
    public async Task Uploads_as_the_device_so_the_blob_lands_under_the_devices_folder()
    {
        using var uploader = DeviceFileUploader.FromConnectionString(TestDevices.Device("patrol-car-11").ToConnectionString(), Options(), expectedDeviceId: "patrol-car-11");
        var frame = new byte[] { 0xFF, 0xD8, 1, 2, 3, 0xFF, 0xD9 };

        var result = await uploader.UploadAsync("2026/12/03/frame-1.jpg", new MemoryStream(frame), "image/jpeg", new Dictionary<string, string> { ["view"] = "front" });

        Assert.Equal("patrol-car-11/2026/12/03/frame-1.jpg", result.BlobName);
        var blob = fixture.ContainerClient.GetBlobClient(result.BlobName);
        Assert.Equal(frame, (await blob.DownloadContentAsync()).Value.Content.ToArray());
        Assert.Equal("front", (await blob.GetPropertiesAsync()).Value.Metadata["view"]);
    }

    [Fact]
    public void A_module_connection_string_is_refused_because_IoT_Hub_answers_401_to_modules()
    {
        var module = TestDevices.Module("patrol-car-12", "PatrolCamera").ToConnectionString();

        var ex = Assert.Throws<InvalidOperationException>(() => DeviceFileUploader.FromConnectionString(module, Options()));

        Assert.Contains("DEVICE", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_devices_connection_string_is_refused()
    {
        var ex = Assert.Throws<InvalidOperationException>(() =>
            DeviceFileUploader.FromConnectionString(TestDevices.Device("patrol-car-13").ToConnectionString(), Options(), expectedDeviceId: "patrol-car-14"));

        Assert.Contains("wrong device", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_module_client_refuses_file_upload_before_calling_the_hub()
    {
        var options = TestDevices.LocalOptions(1, _dir);
        options.HttpBaseAddress = Options().HttpBaseAddress;
        await using var client = TestDevices.Client(TestDevices.Module("patrol-car-15", "PatrolCamera"), options, XunitLoggerProvider.Factory(output));

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => client.UploadFileAsync("x.jpg", new MemoryStream([1]), "image/jpeg"));

        Assert.Contains("device identities only", ex.Message, StringComparison.Ordinal);
        Assert.False(await fixture.ContainerClient.GetBlobClient("patrol-car-15/x.jpg").ExistsAsync());
    }
}
