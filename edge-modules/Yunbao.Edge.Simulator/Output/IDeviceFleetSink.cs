using Yunbao.Contracts.Frames;

namespace Yunbao.Edge.Simulator.Output;

/// <summary>
/// A sink whose devices take their own pictures and readings (edge modules over this simulator's world, behind the IoT
/// Hub stand-in): the simulator only decides when and where, and draws nothing itself. Positions still come through
/// <see cref="IFleetSink.PublishTelemetryAsync"/>.
/// </summary>
public interface IDeviceFleetSink : IFleetSink
{
    /// <summary>The captures of one moment on one device (the patrol car's four views, or one fixed camera's view).</summary>
    Task CaptureAsync(IReadOnlyList<FrameCapture> captures, CancellationToken cancellationToken);

    /// <summary>A sensor device reads at <paramref name="at"/> and sends its reading and any alerts; returns the telemetry types it sent.</summary>
    Task<IReadOnlyList<string>> ReadSensorAsync(string deviceId, DateTimeOffset at, CancellationToken cancellationToken);
}
