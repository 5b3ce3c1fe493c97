using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Yunbao.Contracts.Geo;

namespace Yunbao.Edge.Simulator;

/// <summary>A steward reached the target the DevHost assigned.</summary>
public sealed record StewardArrival(string StewardId, GeoPoint Target, DateTimeOffset At);
