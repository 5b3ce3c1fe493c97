using Yunbao.Contracts;
using Yunbao.Contracts.Frames;
using Yunbao.Contracts.Geo;
using Yunbao.Domain.Catalog;
using Yunbao.Domain.Detection;
using Yunbao.Domain.Geo;
using Yunbao.Domain.Incidents;
using Yunbao.Domain.Rules;

namespace Yunbao.Domain.Tests;

/// <summary>Places on Lize's real (embedded) street data, and small builders the tests share.</summary>
internal static class TestWorld
{
    public static readonly StreetNetwork Net = StreetNetwork.Default;
    public static readonly CategoryCatalog Categories = CategoryCatalog.Default;
    public static readonly ZoneMap Zones = ZoneMap.Default;
    public static readonly TimeZoneInfo Beijing = DistrictTime.Resolve("Asia/Shanghai");
    public static readonly ViolationRules TheRules = new(Categories, Zones, Beijing);

    /// <summary>10:00 Beijing time on a weekday.</summary>
    public static readonly DateTimeOffset Morning = new(2026, 11, 25, 2, 0, 0, TimeSpan.Zero);

    /// <summary>A point beside 骆驼湾街 (16 m carriageway, 4 m sidewalks) at metre 400, metres to the left of travel (north).</summary>
    public static GeoPoint Luotuowan(double along = 400, double metersLeft = 0)
    {
        var s = Net.GetStreet("luotuowan-st");
        return Net.Projection.Offset(s.Path.PointAt(along), s.Path.BearingAt(along) - 90, metersLeft);
    }

    public static GeoPoint RoadwayPoint => Luotuowan(400, 5);
    public static GeoPoint SidewalkPoint => Luotuowan(400, 10);

    public static FrameCapture Capture(string blob = "patrol-01/2026/11/25/1000/000001-right.jpg", DateTimeOffset? at = null, GeoPoint? position = null, string view = "right", string device = "patrol-01") => new()
    {
        BlobName = blob,
        DeviceId = device,
        DistrictId = "lize",
        CapturedAt = at ?? Morning,
        Position = position ?? Luotuowan(400, 2),
        HeadingDeg = Net.GetStreet("luotuowan-st").Path.BearingAt(400),
        SpeedKmh = 25,
        View = view,
        ImageWidth = 1280,
        ImageHeight = 720,
    };

    public static DetectedObject Seen(string label, GeoPoint where, double confidence = 0.9, int x = 600) =>
        new(label, confidence, new PixelBox(x, 400, 120, 200)) { GroundPosition = where };

    public static DetectionResult Saw(params DetectedObject[] objects) => new("simulation", true, objects, []);

    public static Incident Sighting(string category, GeoPoint where, DateTimeOffset at, string? frame = null) => new()
    {
        Id = IncidentId.ForDetection(frame ?? $"f-{at.Ticks}", category, new PixelBox(1, 2, 3, 4)),
        DistrictId = "lize",
        CategoryCode = category,
        Source = EventSource.PatrolVehicle,
        Location = where,
        ObservedAt = at,
        FrameBlobName = frame ?? $"f-{at.Ticks}",
        Provider = "simulation",
        Simulated = true,
    };
}
