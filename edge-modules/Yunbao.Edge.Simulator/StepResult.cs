using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Yunbao.Contracts.Frames;
using Yunbao.Contracts.Geo;
using Yunbao.Contracts.Telemetry;
using Yunbao.Domain.Catalog;
using Yunbao.Domain.Geo;
using Yunbao.Edge.Simulator.Devices;
using Yunbao.Edge.Simulator.Imaging;
using Yunbao.Edge.Simulator.Output;
using Yunbao.Edge.Simulator.World;

namespace Yunbao.Edge.Simulator;

/// <summary>What one step produced.</summary>
public sealed record StepResult(DateTimeOffset Now, int Frames, int TelemetryMessages, IReadOnlyList<StewardArrival> Arrivals);
