using Yunbao.Contracts;
namespace Yunbao.Edge.Simulator;

/// <summary>The simulated fleet's settings. Bound from configuration section "Simulator".</summary>
public sealed class SimulatorOptions
{
    public const string Section = "Simulator";

    /// <summary>Same seed, same start time, same steps → the same violations, routes, readings and frames.</summary>
    public int Seed { get; set; } = 20261125;
    public string DistrictId { get; set; } = "lize";
    /// <summary>IANA zone of the district: violations follow local hours (rush hour, lunch, night).</summary>
    public string TimeZone { get; set; } = DistrictTime.DefaultZoneId;

    // Patrol car
    public string PatrolDeviceId { get; set; } = "patrol-01";
    public string PatrolModuleId { get; set; } = "PatrolCamera";
    public double PatrolMinSpeedKmh { get; set; } = 20;
    public double PatrolMaxSpeedKmh { get; set; } = 30;
    /// <summary>
    /// Simulated seconds between 360° captures (4 frames each). A real car would capture every few seconds;
    /// 30 s keeps a simulated day at ≈11,500 frames, which this 2-core machine can draw, store and detect
    /// while the DevHost plays a day in a minute or two. <see cref="CaptureOnSighting"/> fills the gaps.
    /// </summary>
    public double PatrolCaptureIntervalSeconds { get; set; } = 30;
    /// <summary>
    /// Also capture when a violation comes within camera range, or the car passes a spot fixed in the last
    /// <see cref="RevisitHours"/> hours, as an on-board pre-detector and a revisit list (pushed to the car
    /// through its twin) would. Without it a sparse interval would drive past most violations unseen.
    /// </summary>
    public bool CaptureOnSighting { get; set; } = true;
    public double RevisitHours { get; set; } = 24;
    /// <summary>Minimum simulated seconds between two triggered captures.</summary>
    public double TriggeredCaptureMinGapSeconds { get; set; } = 4;
    /// <summary>Simulated seconds between the car's position messages (every frame carries its own position too).</summary>
    public double PositionReportIntervalSeconds { get; set; } = 30;
    public double CameraRangeMeters { get; set; } = 25;
    public double CameraHorizontalFovDeg { get; set; } = 90;
    public double PatrolCameraHeightMeters { get; set; } = 2.2;

    // Fixed cameras
    /// <summary>At most this many of the network's intersections marked for a fixed camera get one.</summary>
    public int FixedCameraCount { get; set; } = 6;
    public double FixedCaptureIntervalSeconds { get; set; } = 300;
    public double FixedCameraRangeMeters { get; set; } = 45;
    public double FixedCameraHeightMeters { get; set; } = 5;
    public string FixedCameraModuleId { get; set; } = "FixedCamera";

    // Stewards (phones: no module)
    public int StewardCount { get; set; } = 10;
    public double StewardWalkSpeedKmh { get; set; } = 5;
    /// <summary>Simulated seconds between a steward's position messages (ten stewards: 7,200 a simulated day).</summary>
    public double StewardReportIntervalSeconds { get; set; } = 120;
    /// <summary>Local hours of the stewards' shift; outside it they report available=false.</summary>
    public int StewardShiftStartHour { get; set; } = 6;
    public int StewardShiftEndHour { get; set; } = 23;
    /// <summary>A steward within this distance of the assigned target has arrived.</summary>
    public double StewardArrivalMeters { get; set; } = 5;

    // Sensors
    public int EnvironmentalSensorCount { get; set; } = 3;
    public string SensorModuleId { get; set; } = "EnvSensor";
    public double SensorReadingIntervalSeconds { get; set; } = 300;

    // Frames
    public int ImageWidth { get; set; } = 640;
    public int ImageHeight { get; set; } = 360;
    public int JpegQuality { get; set; } = 70;

    /// <summary>RunAsync: wall time between two steps (the simulated time comes from the supplied clock).</summary>
    public TimeSpan RunPollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Radius around ResolveAt's position in which a steward's fix removes violations of the category.</summary>
    public double ResolveRadiusMeters { get; set; } = 30;
}
