using System.Collections.Concurrent;

namespace Yunbao.IotHubStandIn;

/// <summary>Counters of the stand-in, for the DevHost's progress and summary.</summary>
public sealed class StandInStats
{
    private long _connections, _refusedConnections, _d2cMessages, _routedToTelemetry, _oversizeMessages, _unauthorizedPublishes,
        _uploadsStarted, _uploadsCompleted, _uploadsFailed, _uploadsRefused, _twinRequests, _methodCalls;
    private readonly ConcurrentDictionary<string, long> _byType = new(StringComparer.Ordinal);

    public long Connections => Interlocked.Read(ref _connections);
    public long RefusedConnections => Interlocked.Read(ref _refusedConnections);
    public long DeviceToCloudMessages => Interlocked.Read(ref _d2cMessages);
    public long RoutedToTelemetryQueue => Interlocked.Read(ref _routedToTelemetry);
    public long OversizeMessages => Interlocked.Read(ref _oversizeMessages);
    public long UnauthorizedPublishes => Interlocked.Read(ref _unauthorizedPublishes);
    public long UploadsStarted => Interlocked.Read(ref _uploadsStarted);
    public long UploadsCompleted => Interlocked.Read(ref _uploadsCompleted);
    public long UploadsFailed => Interlocked.Read(ref _uploadsFailed);
    public long UploadsRefused => Interlocked.Read(ref _uploadsRefused);
    public long TwinRequests => Interlocked.Read(ref _twinRequests);
    public long MethodCalls => Interlocked.Read(ref _methodCalls);

    /// <summary>D2C messages by their `type` application property ("(none)" when absent).</summary>
    public IReadOnlyDictionary<string, long> MessagesByType => new Dictionary<string, long>(_byType, StringComparer.Ordinal);

    internal void Connected() => Interlocked.Increment(ref _connections);
    internal void Refused() => Interlocked.Increment(ref _refusedConnections);
    internal void Message(string? type) { Interlocked.Increment(ref _d2cMessages); _byType.AddOrUpdate(type ?? "(none)", 1, (_, n) => n + 1); }
    internal void Routed() => Interlocked.Increment(ref _routedToTelemetry);
    internal void Oversize() => Interlocked.Increment(ref _oversizeMessages);
    internal void Unauthorized() => Interlocked.Increment(ref _unauthorizedPublishes);
    internal void UploadStarted() => Interlocked.Increment(ref _uploadsStarted);
    internal void UploadCompleted() => Interlocked.Increment(ref _uploadsCompleted);
    internal void UploadFailed() => Interlocked.Increment(ref _uploadsFailed);
    internal void UploadRefused() => Interlocked.Increment(ref _uploadsRefused);
    internal void TwinRequest() => Interlocked.Increment(ref _twinRequests);
    internal void MethodCall() => Interlocked.Increment(ref _methodCalls);

    public override string ToString() =>
        $"{StandInLabel.Text}: connections {Connections} (refused {RefusedConnections}), D2C {DeviceToCloudMessages} (to telemetry queue {RoutedToTelemetryQueue}), " +
        $"uploads {UploadsCompleted}/{UploadsStarted} (failed {UploadsFailed}, refused {UploadsRefused})";
}
