using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Yunbao.Contracts.Geo;

namespace Yunbao.Edge.Modules.Sources;

/// <summary>
/// The device's own sources, from configuration (environment Sources__*):
/// - cameras, Sources:Kind: "folder" (default; Sources:Folder, default /var/lib/yunbao/frames) or "http" (Sources:Url,
///   "{view}" replaced; Sources:TimeoutSeconds). "v4l2" and "rtsp" are named but not supported in this build.
/// - PatrolCamera's GNSS, Sources:Gnss: "none" (default, <see cref="NoGnssPositionSource"/>) or "nmea" (Sources:GnssPath, a
///   serial device node or file of NMEA 0183 sentences; Sources:GnssMaxAgeSeconds, default 10).
/// - EnvSensor, Sources:Sensor: "unconnected" (default) is the only one this build has (<see cref="UnconnectedSensorSource"/>).
/// Simulated sources are never built from configuration: only a host that injects them (tools/Yunbao.DevHost) has them.
/// Sources are built when a module asks, so a camera's settings do not matter to the sensor and the other way round.
/// </summary>
public sealed class ConfiguredSources : IModuleSources
{
    public const string DefaultFolder = "/var/lib/yunbao/frames";
    public static readonly IReadOnlyList<string> CameraKinds = ["folder", "http"];
    public static readonly IReadOnlyList<string> UnsupportedCameraKinds = ["v4l2", "rtsp"];

    private readonly IConfiguration _configuration;
    private readonly ILoggerFactory _logs;
    private readonly Lazy<IFrameSource> _frames;

    public ConfiguredSources(IConfiguration configuration, ILoggerFactory? loggerFactory = null, HttpClient? http = null)
    {
        (_configuration, _logs) = (configuration, loggerFactory ?? NullLoggerFactory.Instance);
        CameraKind = (configuration["Sources:Kind"] ?? "folder").Trim().ToLowerInvariant();
        GnssKind = (configuration["Sources:Gnss"] ?? "none").Trim().ToLowerInvariant();
        SensorKind = (configuration["Sources:Sensor"] ?? "unconnected").Trim().ToLowerInvariant();
        if (CameraKind == "simulated")
            throw new InvalidOperationException("Sources:Kind 'simulated' is not available to a module process: simulated sources exist only when a host injects them (tools/Yunbao.DevHost). Use 'folder' or 'http'.");
        _frames = new Lazy<IFrameSource>(() => CreateFrames(http));
    }

    /// <summary>Sources:Kind: "folder", "http" (or a named but unsupported "v4l2" / "rtsp").</summary>
    public string CameraKind { get; }
    /// <summary>Sources:Gnss: "none" or "nmea".</summary>
    public string GnssKind { get; }
    /// <summary>Sources:Sensor: "unconnected".</summary>
    public string SensorKind { get; }
    public string Kind => $"camera {CameraKind}, gnss {GnssKind}, sensor {SensorKind}";
    public bool IsSimulated => false;
    public IFrameSource PatrolFrames => _frames.Value;
    public IFrameSource FixedFrames => _frames.Value;

    public IPositionSource PatrolPosition => GnssKind switch
    {
        "none" => new NoGnssPositionSource(),
        "nmea" when _configuration["Sources:GnssPath"] is { Length: > 0 } path => new NmeaPositionSource(path,
            maxAge: double.TryParse(_configuration["Sources:GnssMaxAgeSeconds"], System.Globalization.CultureInfo.InvariantCulture, out var age) && age > 0 ? TimeSpan.FromSeconds(age) : null,
            logger: _logs.CreateLogger<NmeaPositionSource>()),
        "nmea" => throw new InvalidOperationException("Sources:Gnss 'nmea' needs Sources:GnssPath (e.g. /dev/ttyACM0)."),
        var other => throw new NotSupportedException($"Sources:Gnss '{other}' is not supported in this build; use 'nmea' or 'none' (see edge-modules/Yunbao.Edge.Modules/README.md)."),
    };

    public ISensorSource EnvironmentalSensor(string deviceId, GeoPoint position) => SensorKind switch
    {
        "unconnected" => new UnconnectedSensorSource(position, _logs.CreateLogger<UnconnectedSensorSource>()),
        var other => throw new NotSupportedException($"Sources:Sensor '{other}' is not supported in this build; only 'unconnected' is (see edge-modules/Yunbao.Edge.Modules/README.md)."),
    };

    private IFrameSource CreateFrames(HttpClient? http)
    {
        switch (CameraKind)
        {
            case "folder":
                return new FolderFrameSource(_configuration["Sources:Folder"] is { Length: > 0 } folder ? folder : DefaultFolder, _logs.CreateLogger<FolderFrameSource>());
            case "http":
                var url = _configuration["Sources:Url"];
                if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url.Replace("{view}", "front", StringComparison.Ordinal), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                    throw new InvalidOperationException($"Sources:Kind 'http' needs Sources:Url, an http(s) snapshot URL (got '{url}').");
                var timeout = double.TryParse(_configuration["Sources:TimeoutSeconds"], System.Globalization.CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 10;
                return new HttpSnapshotFrameSource(http ?? new HttpClient { Timeout = TimeSpan.FromSeconds(timeout) }, url);
            case var k when UnsupportedCameraKinds.Contains(k):
                throw new NotSupportedException($"Sources:Kind '{k}' (a camera device or stream) is not supported in this build; use 'folder' (snapshots written by the camera software) or 'http' (a snapshot URL).");
            default:
                throw new InvalidOperationException($"Sources:Kind '{CameraKind}' is unknown; expected one of {string.Join(", ", CameraKinds)}.");
        }
    }
}
