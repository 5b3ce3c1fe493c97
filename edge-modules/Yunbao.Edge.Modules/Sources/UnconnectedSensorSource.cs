using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Yunbao.Contracts.Geo;

namespace Yunbao.Edge.Modules.Sources;

/// <summary>
/// The placeholder for a station's sensor hardware, which this build has no driver for: every reading is empty, logged as
/// a warning, and flagged sensorStatus=not-connected on the message, so nobody mistakes it for clean air.
/// </summary>
public sealed class UnconnectedSensorSource(GeoPoint position, ILogger<UnconnectedSensorSource>? logger = null) : ISensorSource
{
    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;

    public GeoPoint Position { get; } = position;
    public bool IsConnected => false;

    public IReadOnlyDictionary<string, double> Read(DateTimeOffset at)
    {
        _logger.LogWarning("No sensor connected (Sources:Kind=unconnected): reading at {readingAt} has no values", at);
        return new Dictionary<string, double>();
    }
}
