using System.Collections.Concurrent;
using Yunbao.Contracts.Frames;

namespace Yunbao.Edge.Simulator.Output;

public sealed record PublishedTelemetry(string DeviceId, string? ModuleId, string Type, object Body);
