using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Yunbao.Edge.Simulator;

/// <summary>What one step produced.</summary>
public sealed record StepResult(DateTimeOffset Now, int Frames, int TelemetryMessages, IReadOnlyList<StewardArrival> Arrivals);
