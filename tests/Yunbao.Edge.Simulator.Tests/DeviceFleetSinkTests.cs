using Yunbao.Contracts.Frames;
using Yunbao.Contracts.Telemetry;
using Yunbao.Edge.Simulator.Output;

namespace Yunbao.Edge.Simulator.Tests;

public sealed class DeviceFleetSinkTests
{
    /// <summary>Devices that take their own pictures and readings (the DevHost's edge modules); here they only record what they were asked.</summary>
    private sealed class RecordingDevices : IDeviceFleetSink
    {
        public List<IReadOnlyList<FrameCapture>> Captures { get; } = [];
        public List<(string DeviceId, DateTimeOffset At)> Readings { get; } = [];
        public MemoryFleetSink Drawn { get; } = new();

        public Task CaptureAsync(IReadOnlyList<FrameCapture> captures, CancellationToken cancellationToken)
        {
            Captures.Add(captures);
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<string>> ReadSensorAsync(string deviceId, DateTimeOffset at, CancellationToken cancellationToken)
        {
            Readings.Add((deviceId, at));
            return Task.FromResult<IReadOnlyList<string>>([TelemetryTypes.Sensor]);
        }

        public Task PublishFrameAsync(FrameCapture capture, byte[] jpeg, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken) =>
            Drawn.PublishFrameAsync(capture, jpeg, metadata, cancellationToken);

        public Task PublishTelemetryAsync(string deviceId, string? moduleId, string type, object body, CancellationToken cancellationToken) =>
            Drawn.PublishTelemetryAsync(deviceId, moduleId, type, body, cancellationToken);
    }

    [Fact]
    public async Task With_a_device_sink_the_simulator_says_when_and_where_and_draws_nothing_itself()
    {
        var memory = new MemoryFleetSink(keepImages: false);
        var devices = new RecordingDevices();
        var t0 = TestWorld.Wednesday(17.5);
        var drawing = new FleetSimulator(TestWorld.Options(42), memory, TestWorld.Lize);
        var asking = new FleetSimulator(TestWorld.Options(42), devices, TestWorld.Lize);
        await drawing.StepAsync(t0);
        await asking.StepAsync(t0);
        await drawing.StepAsync(t0.AddMinutes(10));
        await asking.StepAsync(t0.AddMinutes(10));

        // The same captures at the same moments and places, one call per device and moment (the patrol car's four views together).
        Assert.Empty(devices.Drawn.Frames);
        Assert.Equal(memory.Frames.Select(f => (f.Capture.DeviceId, f.Capture.CapturedAt, f.Capture.Position, f.Capture.View)),
            devices.Captures.SelectMany(c => c).Select(c => (c.DeviceId, c.CapturedAt, c.Position, c.View)));
        Assert.All(devices.Captures, c => Assert.Single(c.Select(x => (x.DeviceId, x.CapturedAt)).Distinct()));
        Assert.Contains(devices.Captures, c => c.Count == 4);
        Assert.Equal(memory.Frames.Count, asking.Counters.Frames);

        // Sensors are asked to read on the simulator's schedule; positions still come as telemetry.
        var readings = memory.Telemetry.Where(t => t.Type == TelemetryTypes.Sensor).Select(t => t.DeviceId).ToList();
        Assert.Equal(readings, devices.Readings.Select(r => r.DeviceId));
        Assert.Equal(memory.Telemetry.Count(t => t.Type == TelemetryTypes.Position), devices.Drawn.Telemetry.Count(t => t.Type == TelemetryTypes.Position));
        Assert.DoesNotContain(devices.Drawn.Telemetry, t => t.Type is TelemetryTypes.Sensor or TelemetryTypes.Alert);
    }
}
