using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Yunbao.Contracts.Frames;
using Yunbao.Edge.IotHub;
using Yunbao.Edge.Modules;

namespace Yunbao.Edge.FixedCamera;

/// <summary>
/// A camera on a pole: one view ("fixed") every captureIntervalSeconds, uploaded through IoT Hub file upload (as the device identity) with its
/// capture context as blob metadata. Methods: captureNow, setCaptureInterval {"seconds": n}, ping.
/// </summary>
public sealed class FixedCameraModule : EdgeModule
{
    public const string DefaultModuleId = "FixedCamera";
    public const string View = "fixed";

    private readonly DeviceFileUploader _uploader;
    private readonly IFrameSource _frames;
    private readonly IPositionSource _position;
    private long _captures;
    private volatile FixedCameraSettings _settings;

    public FixedCameraModule(IotHubClient client, DeviceFileUploader uploader, ModuleContext context, IFrameSource frames, IPositionSource position,
        FixedCameraSettings? settings = null, TimeProvider? time = null, ILogger<FixedCameraModule>? logger = null)
        : base(client, context, time ?? TimeProvider.System, logger ?? (ILogger)Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance)
    {
        (_uploader, _frames, _position) = (uploader, frames, position);
        _settings = settings ?? new FixedCameraSettings();
    }

    public FixedCameraSettings Settings => _settings;
    public long Captures => Interlocked.Read(ref _captures);

    protected override void RegisterMethods()
    {
        Client.SetMethodHandler("captureNow", async (_, ct) =>
        {
            var name = await CaptureAsync(ct);
            return name is null ? MethodResponse.Error(503, "The frame could not be uploaded.") : MethodResponse.Ok(new { blobNames = new[] { name } });
        });
        RegisterSetCaptureInterval(maxSeconds: 86400, seconds => _settings = _settings with { CaptureIntervalSeconds = seconds });
    }

    protected override JsonObject ApplyDesired(JsonObject desired)
    {
        var s = _settings;
        _settings = s with
        {
            CaptureIntervalSeconds = ReadDouble(desired, "captureIntervalSeconds") is > 0 and var i ? i : s.CaptureIntervalSeconds,
            FrameWidth = ReadDouble(desired, "frameWidth") is > 0 and var w ? (int)w : s.FrameWidth,
            FrameHeight = ReadDouble(desired, "frameHeight") is > 0 and var h ? (int)h : s.FrameHeight,
        };
        return _settings.ToReported();
    }

    protected override async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        var interval = _settings.CaptureIntervalSeconds;
        var next = Time.GetUtcNow();
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = Time.GetUtcNow();
            if (_settings.CaptureIntervalSeconds != interval) { interval = _settings.CaptureIntervalSeconds; next = now; }
            if (now >= next)
            {
                await CaptureAsync(cancellationToken);
                next = now + TimeSpan.FromSeconds(interval);
            }
            await DelayUntilAsync(next, cancellationToken);
        }
    }

    public Task<string?> CaptureAsync(CancellationToken cancellationToken) => CaptureAsync(Time.GetUtcNow(), cancellationToken);

    /// <summary>Captures and uploads one frame taken at <paramref name="at"/>; returns the blob name, or null when the upload failed.</summary>
    public async Task<string?> CaptureAsync(DateTimeOffset at, CancellationToken cancellationToken)
    {
        var fix = _position.Read(at);
        var settings = _settings;
        // A fixed camera does not move, whatever its position source says.
        var capture = NewFrameCapture(fix with { SpeedKmh = 0 }, View, EventSource.FixedCamera, settings.FrameWidth, settings.FrameHeight);
        var name = await FrameUpload.UploadAsync(_uploader, _frames, capture, Logger, cancellationToken);
        Interlocked.Increment(ref _captures);
        return name;
    }

    /// <summary>Also disposes the frame uploader the module was given.</summary>
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _uploader.Dispose();
    }
}
