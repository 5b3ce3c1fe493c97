using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Yunbao.Contracts.Frames;
using Yunbao.Contracts.Telemetry;
using Yunbao.Edge.IotHub;
using Yunbao.Edge.Modules;

namespace Yunbao.Edge.PatrolCamera;

/// <summary>
/// The patrol car's 360° camera: every capture takes the four views (front, right, rear, left) GNSS-tagged, uploads them
/// through IoT Hub file upload as the vehicle's device identity with the capture context as blob metadata, and the module reports `position` telemetry.
/// The capture interval follows speed: the twin's captureIntervalSeconds, or captureDistanceMeters driven if sooner.
/// Methods: captureNow, setCaptureInterval {"seconds": n}, ping.
/// </summary>
public sealed class PatrolCameraModule : EdgeModule
{
    public const string DefaultModuleId = "PatrolCamera";
    public const string TelemetryOutput = "telemetry";
    public static readonly IReadOnlyList<string> Views = ["front", "right", "rear", "left"];

    private readonly DeviceFileUploader _uploader;
    private readonly IFrameSource _frames;
    private readonly IPositionSource _position;
    private long _captures;
    private volatile PatrolCameraSettings _settings;

    public PatrolCameraModule(IotHubClient client, DeviceFileUploader uploader, ModuleContext context, IFrameSource frames, IPositionSource position,
        PatrolCameraSettings? settings = null, TimeProvider? time = null, ILogger<PatrolCameraModule>? logger = null)
        : base(client, context, time ?? TimeProvider.System, logger ?? (ILogger)Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance)
    {
        (_uploader, _frames, _position) = (uploader, frames, position);
        _settings = settings ?? new PatrolCameraSettings();
    }

    public PatrolCameraSettings Settings => _settings;
    public long Captures => Interlocked.Read(ref _captures);

    /// <summary>Raised after each view is uploaded (blob name in `frames`).</summary>
    public event Action<string>? FrameUploaded;

    protected override void RegisterMethods()
    {
        Client.SetMethodHandler("captureNow", async (_, ct) =>
        {
            PositionFix fix;
            try { fix = _position.Read(Time.GetUtcNow()); }
            catch (PositionUnavailableException e) { return MethodResponse.Error(503, e.Message); }
            var names = await CaptureAsync(fix, ct);
            return MethodResponse.Ok(new { blobNames = names });
        });
        RegisterSetCaptureInterval(maxSeconds: 3600, seconds => _settings = _settings with { CaptureIntervalSeconds = seconds });
    }

    protected override JsonObject ApplyDesired(JsonObject desired)
    {
        var s = _settings;
        _settings = s with
        {
            CaptureIntervalSeconds = ReadDouble(desired, "captureIntervalSeconds") is > 0 and var i ? i : s.CaptureIntervalSeconds,
            CaptureDistanceMeters = ReadDouble(desired, "captureDistanceMeters") is >= 0 and var d ? d : s.CaptureDistanceMeters,
            PositionIntervalSeconds = ReadDouble(desired, "positionIntervalSeconds") is > 0 and var p ? p : s.PositionIntervalSeconds,
            FrameWidth = ReadDouble(desired, "frameWidth") is > 0 and var w ? (int)w : s.FrameWidth,
            FrameHeight = ReadDouble(desired, "frameHeight") is > 0 and var h ? (int)h : s.FrameHeight,
        };
        return _settings.ToReported();
    }

    protected override async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        var nextCapture = Time.GetUtcNow();
        var nextPosition = nextCapture;
        var interval = _settings.CaptureIntervalSeconds;
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = Time.GetUtcNow();
            PositionFix fix;
            try { fix = _position.Read(now); }
            catch (PositionUnavailableException e)
            {
                // No fix, no frame: a frame at a made-up place would put incidents on the wrong street. Try again later.
                Logger.LogWarning("{moduleId} on {deviceId} has no position fix: {reason}", Context.ModuleId, Context.DeviceId, e.Message);
                await DelayUntilAsync(now + TimeSpan.FromSeconds(_settings.PositionIntervalSeconds), cancellationToken);
                continue;
            }
            if (_settings.CaptureIntervalSeconds != interval)
            {
                // A new interval counts from now, not from a capture planned under the old one.
                interval = _settings.CaptureIntervalSeconds;
                nextCapture = now;
            }
            if (now >= nextPosition)
            {
                await ReportPositionAsync(fix with { At = now }, cancellationToken);
                nextPosition = now + TimeSpan.FromSeconds(_settings.PositionIntervalSeconds);
            }
            if (now >= nextCapture)
            {
                await CaptureAsync(fix, cancellationToken);
                nextCapture = now + _settings.NextCaptureDelay(fix.SpeedKmh);
            }
            await DelayUntilAsync(nextCapture < nextPosition ? nextCapture : nextPosition, cancellationToken);
        }
    }

    /// <summary>Sends one `position` message (into the durable outbox) for <paramref name="fix"/>.</summary>
    public Task ReportPositionAsync(PositionFix fix, CancellationToken cancellationToken) =>
        Client.SendEventAsync(TelemetryTypes.Position,
            new PositionReport("vehicle", Context.DistrictId, fix.At, fix.Position.Lon, fix.Position.Lat, fix.HeadingDeg, fix.SpeedKmh),
            TelemetryOutput, Context.MessageProperties, cancellationToken);

    /// <summary>Captures and uploads the four views at <paramref name="fix"/>; returns the blob names that were uploaded.</summary>
    public async Task<IReadOnlyList<string>> CaptureAsync(PositionFix fix, CancellationToken cancellationToken)
    {
        var settings = _settings;
        var uploads = Views.Select(async view =>
        {
            var capture = NewFrameCapture(fix, view, EventSource.PatrolVehicle, settings.FrameWidth, settings.FrameHeight);
            return await FrameUpload.UploadAsync(_uploader, _frames, capture, Logger, cancellationToken);
        });
        var names = (await Task.WhenAll(uploads)).OfType<string>().ToList();
        Interlocked.Increment(ref _captures);
        foreach (var name in names) FrameUploaded?.Invoke(name);
        return names;
    }

    /// <summary>Also disposes the frame uploader the module was given.</summary>
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _uploader.Dispose();
    }
}
