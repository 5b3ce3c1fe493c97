using System.Collections.Concurrent;

namespace Yunbao.Edge.Simulator.Output;

public sealed record PublishedTelemetry(string DeviceId, string? ModuleId, string Type, object Body);
