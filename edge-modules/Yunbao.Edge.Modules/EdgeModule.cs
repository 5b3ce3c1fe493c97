using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Yunbao.Contracts.Frames;
using Yunbao.Edge.IotHub;

namespace Yunbao.Edge.Modules;

/// <summary>
/// The shape every Yunbao edge module shares: settings from twin desired properties (the full section after each
/// connect, then patches), applied settings reported back, direct methods, and a run loop that keeps producing while
/// the hub is away (D2C messages wait in the client's durable outbox).
/// </summary>
public abstract class EdgeModule : IAsyncDisposable
{
    private readonly SemaphoreSlim _reportGate = new(1, 1);
    private CancellationTokenSource _wake = new();
    private readonly object _wakeGate = new();

    private long _frameSequence;

    protected EdgeModule(IotHubClient client, ModuleContext context, TimeProvider time, ILogger logger)
    {
        (Client, Context, Time, Logger) = (client, context, time, logger);
        _frameSequence = Time.GetUtcNow().ToUnixTimeMilliseconds() % 1_000_000;   // blob names stay unique across restarts
    }

    public IotHubClient Client { get; }
    public ModuleContext Context { get; }
    protected TimeProvider Time { get; }
    protected ILogger Logger { get; }

    /// <summary>Last desired version applied (0 before any).</summary>
    public long AppliedDesiredVersion { get; private set; }

    /// <summary>Registers handlers, starts the client (it connects in the background) and runs the loop until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await ConnectAsync(cancellationToken);
        try { await ExecuteAsync(cancellationToken); }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { }
    }

    /// <summary>
    /// Registers handlers and starts the client (twin, methods, outbox) without the module's own schedule: someone else
    /// says when to capture or read by calling the module's public methods (the DevHost's simulated fleet does).
    /// </summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        Client.SetDesiredPropertiesHandler(OnDesiredAsync);
        Client.SetMethodHandler("ping", (_, _) => Task.FromResult(MethodResponse.Ok(new
        {
            pong = true,
            deviceId = Context.DeviceId,
            moduleId = Context.ModuleId,
            time = Time.GetUtcNow(),
        })));
        RegisterMethods();
        await Client.StartAsync(cancellationToken);
        Logger.LogInformation("{moduleId} on {deviceId} started (district {districtId})", Context.ModuleId, Context.DeviceId, Context.DistrictId);
    }

    protected abstract void RegisterMethods();

    protected abstract Task ExecuteAsync(CancellationToken cancellationToken);

    /// <summary>Applies known desired properties; returns the reported patch of what was applied.</summary>
    protected abstract JsonObject ApplyDesired(JsonObject desired);

    private async Task OnDesiredAsync(DesiredPropertiesUpdate update, CancellationToken cancellationToken)
    {
        var applied = ApplyDesired(update.Properties);
        AppliedDesiredVersion = update.Version;
        Logger.LogInformation("{moduleId} on {deviceId} applied desired properties $version {version}", Context.ModuleId, Context.DeviceId, update.Version);
        applied["appliedDesiredVersion"] = update.Version;
        Wake();
        Report(applied);
        await Task.CompletedTask;
    }

    /// <summary>Reports properties in the background, one patch at a time, so the loop never waits for the hub.</summary>
    protected void Report(JsonObject patch)
    {
        _ = Task.Run(async () =>
        {
            await _reportGate.WaitAsync();
            try { await Client.UpdateReportedPropertiesAsync(patch); }
            catch (Exception ex) { Logger.LogWarning(ex, "{moduleId} on {deviceId} could not report properties", Context.ModuleId, Context.DeviceId); }
            finally { _reportGate.Release(); }
        });
    }

    /// <summary>Ends the current <see cref="DelayUntilAsync"/> early (settings changed, capture requested).</summary>
    protected void Wake()
    {
        lock (_wakeGate) _wake.Cancel();
    }

    /// <summary>Waits until <paramref name="due"/> on the module's clock, or less when woken.</summary>
    /// <remarks>
    /// Waits for a time, not for a span: a span read from the clock and then given to a timer is stale if the clock moves
    /// in between (a test's fake clock, a host that suspends), and the timer would fire late by that much. So the timer
    /// is re-aimed at <paramref name="due"/> until the clock held still while it was set.
    /// </remarks>
    protected async Task DelayUntilAsync(DateTimeOffset due, CancellationToken cancellationToken)
    {
        CancellationTokenSource wake;
        lock (_wakeGate)
        {
            if (_wake.IsCancellationRequested) { _wake.Dispose(); _wake = new CancellationTokenSource(); return; }
            wake = _wake;
        }
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, wake.Token);
        var elapsed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var timer = Time.CreateTimer(_ => elapsed.TrySetResult(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        while (true)
        {
            var now = Time.GetUtcNow();
            if (now >= due) return;
            timer.Change(due - now, Timeout.InfiniteTimeSpan);
            if (Time.GetUtcNow() - now < ClockSettleTolerance) break;
        }
        try { await elapsed.Task.WaitAsync(linked.Token); }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested) { }
    }

    /// <summary>How far the clock may move while a timer is set before it is set again (far above a real clock's jitter).</summary>
    private static readonly TimeSpan ClockSettleTolerance = TimeSpan.FromMilliseconds(5);

    protected static double? ReadDouble(JsonObject obj, string name) =>
        obj.TryGetPropertyValue(name, out var node) && node is JsonValue value && value.TryGetValue<double>(out var d) && double.IsFinite(d) ? d : null;

    protected static MethodResponse BadRequest(string message) => MethodResponse.Error(400, message);

    /// <summary>The capture context of one camera frame taken at <paramref name="fix"/>, with the next unique blob name.</summary>
    protected FrameCapture NewFrameCapture(PositionFix fix, string view, EventSource source, int width, int height) => new()
    {
        BlobName = FrameBlobNames.For(Context.DeviceId, fix.At, Interlocked.Increment(ref _frameSequence), view),
        DeviceId = Context.DeviceId,
        DistrictId = Context.DistrictId,
        CapturedAt = fix.At,
        Position = fix.Position,
        HeadingDeg = fix.HeadingDeg,
        SpeedKmh = fix.SpeedKmh,
        View = view,
        Source = source,
        ImageWidth = width,
        ImageHeight = height,
    };

    /// <summary>
    /// The cameras' `setCaptureInterval` direct method: validates {"seconds": n} (0 &lt; n &lt;= max), applies it through
    /// <paramref name="apply"/>, reports it to the twin and wakes the capture loop so the new interval takes effect now.
    /// </summary>
    protected void RegisterSetCaptureInterval(double maxSeconds, Action<double> apply) =>
        Client.SetMethodHandler("setCaptureInterval", (request, _) =>
        {
            double? seconds = null;
            try { seconds = request.PayloadAs<JsonObject>() is { } body ? ReadDouble(body, "seconds") : null; }
            catch (JsonException) { }
            if (seconds is not { } value || value <= 0 || value > maxSeconds)
                return Task.FromResult(BadRequest(FormattableString.Invariant($"Expected {{\"seconds\": n}} with 0 < n <= {maxSeconds}.")));
            apply(value);
            Logger.LogInformation("{moduleId} on {deviceId}: capture interval set to {seconds} s by method", Context.ModuleId, Context.DeviceId, value);
            Report(new JsonObject { ["captureIntervalSeconds"] = value });
            Wake();
            return Task.FromResult(MethodResponse.Ok(new { captureIntervalSeconds = value }));
        });

    public virtual async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        _reportGate.Dispose();
        GC.SuppressFinalize(this);
    }
}
