using Yunbao.Contracts.Frames;
using Yunbao.Contracts.Geo;
using Yunbao.Domain.Catalog;
using Yunbao.Domain.Detection;
using Yunbao.Domain.Geo;
using Yunbao.Domain.Incidents;

namespace Yunbao.Domain.Rules;

/// <summary>
/// Turns what a detector saw into incident candidates. The rules themselves are data in the category
/// catalog (labels, zones, active hours, minimum confidence, persistence); this class applies them with
/// the zone map and the district's local time.
/// </summary>
public sealed class ViolationRules
{
    /// <summary>Horizontal field of view of each camera view (the 360° rig has four 90° views).</summary>
    public const double HorizontalFovDeg = 90;
    /// <summary>Cameras are pitched slightly down: the horizon lies this far down the image (share of its height).</summary>
    public const double HorizonShare = 0.42;
    public const double VehicleCameraHeightMeters = 2.2;
    public const double FixedCameraHeightMeters = 5.0;
    /// <summary>Used when the box gives no distance (no image size, or the box ends above the horizon).</summary>
    public const double DefaultDistanceMeters = 10;
    public const double MinDistanceMeters = 3;
    public const double MaxDistanceMeters = 50;

    private readonly CategoryCatalog _catalog;
    private readonly ZoneMap _zones;
    private readonly TimeZoneInfo _timeZone;

    public ViolationRules(CategoryCatalog catalog, ZoneMap zones, TimeZoneInfo timeZone)
    {
        _catalog = catalog;
        _zones = zones;
        _timeZone = timeZone;
    }

    public CategoryCatalog Catalog => _catalog;
    public ZoneMap Zones => _zones;
    public TimeZoneInfo TimeZone => _timeZone;


    public int LocalHour(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, _timeZone).Hour;

    /// <summary>Bearing of the centre of a camera view, degrees clockwise from north.</summary>
    public static double ViewBearing(FrameCapture capture) => (capture.HeadingDeg + ViewOffsetDeg(capture.View) + 360) % 360;

    public static double ViewOffsetDeg(string? view) => view?.ToLowerInvariant() switch
    {
        "right" => 90,
        "rear" or "back" => 180,
        "left" => 270,
        _ => 0, // "front", "fixed": the camera looks where the heading points
    };

    /// <summary>
    /// Where the object stands. The provider's ground position wins. Otherwise a flat-ground pinhole estimate
    /// (square pixels, focal length from the 90° view): the box's horizontal centre gives the angle off the
    /// view's axis, and the depth of its bottom edge below the horizon gives the distance from the camera height
    /// (2.2 m on a patrol car, 5 m on a pole), clamped to 3–50 m. Boxes ending above the horizon (banners, signs)
    /// and frames without an image size use 10 m. Good to a few metres, which is what zones and dedupe radii need.
    /// </summary>
    public GeoPoint EstimateGroundPosition(FrameCapture capture, DetectedObject obj)
    {
        if (obj.GroundPosition is { } known) return known;
        var bearing = ViewBearing(capture);
        var distance = DefaultDistanceMeters;
        if (capture.ImageWidth > 0)
        {
            var focal = capture.ImageWidth / 2.0 / Math.Tan(HorizontalFovDeg / 2 * Math.PI / 180);
            var offAxis = Math.Atan((obj.Box.X + obj.Box.W / 2.0 - capture.ImageWidth / 2.0) / focal);
            bearing += offAxis * 180 / Math.PI;
            var belowHorizon = obj.Box.Y + obj.Box.H - HorizonShare * capture.ImageHeight;
            if (capture.ImageHeight > 0 && belowHorizon >= 1)
            {
                var height = capture.Source == EventSource.FixedCamera ? FixedCameraHeightMeters : VehicleCameraHeightMeters;
                var depth = focal * height / belowHorizon;
                distance = Math.Clamp(depth / Math.Cos(offAxis), MinDistanceMeters, MaxDistanceMeters);
            }
        }
        return _zones.Network.Projection.Offset(capture.Position, bearing, distance);
    }

    /// <summary>Applies label → category, minimum confidence, active hours and zone rules to each detection.</summary>
    public RuleEvaluation Evaluate(FrameCapture capture, DetectionResult detection)
    {
        var candidates = new List<IncidentCandidate>();
        var rejected = new List<RejectedDetection>();
        var hour = LocalHour(capture.CapturedAt);
        foreach (var obj in detection.Objects)
        {
            var categories = _catalog.ForLabel(obj.Label).ToList();
            if (categories.Count == 0)
            {
                rejected.Add(new RejectedDetection(obj, null, $"label '{obj.Label}' evidences no category"));
                continue;
            }
            var location = EstimateGroundPosition(capture, obj);
            var zone = _zones.ZoneAt(location);
            foreach (var category in categories)
            {
                var reason = Check(category, obj, location, zone, hour);
                if (reason is not null)
                {
                    rejected.Add(new RejectedDetection(obj, category.Code, reason));
                    continue;
                }
                var congestion = category.Code == CongestionCategory && zone == ZoneType.Roadway;
                candidates.Add(new IncidentCandidate(category, obj, location, zone, congestion));
            }
        }
        return new RuleEvaluation(candidates, rejected);
    }

    /// <summary>Illegal parking in a traffic lane (Roadway zone) blocks it: flagged as congestion.</summary>
    public const string CongestionCategory = "illegal-parking";

    private string? Check(ViolationCategory category, DetectedObject obj, GeoPoint location, ZoneType zone, int hour)
    {
        if (obj.Confidence < category.MinConfidence)
            return FormattableString.Invariant($"confidence {obj.Confidence:F2} below {category.MinConfidence:F2}");
        if (!category.IsActiveAt(hour))
            return $"rule inactive at local hour {hour}";
        if (!_zones.Network.Bounds.Contains(location))
            return $"position {location} outside the district";
        if (!category.Zones.Contains(zone))
            return $"zone {zone} is not a violation zone for {category.Code}";
        return null;
    }

    /// <summary>The incident a candidate becomes; its id is deterministic from frame, category and box.</summary>
    public static Incident ToIncident(IncidentCandidate candidate, FrameCapture capture, DetectionResult detection) => new()
    {
        Id = IncidentId.ForDetection(capture.BlobName, candidate.Category.Code, candidate.Object.Box),
        DistrictId = capture.DistrictId,
        CategoryCode = candidate.Category.Code,
        Source = capture.Source,
        Location = candidate.Location,
        ObservedAt = capture.CapturedAt,
        Confidence = candidate.Object.Confidence,
        DeviceId = capture.DeviceId,
        FrameBlobName = capture.BlobName,
        Box = candidate.Object.Box,
        Provider = detection.Provider,
        Simulated = detection.Simulated,
        Congestion = candidate.Congestion,
        Description = $"{candidate.Category.NameZh} {candidate.Category.NameEn}: '{candidate.Object.Label}' in {candidate.Zone}",
    };

    /// <summary>
    /// Persistence: whether the sightings of <paramref name="sighting"/>'s category within the dedupe radius
    /// (itself included) are enough to open an order. A citizen's or steward's report always is. Sightings are distinct frames, counted in time order,
    /// each at least PersistenceMinMinutes after the last one counted: a car seen twice three minutes apart is
    /// parked, twice in one second is traffic.
    /// </summary>
    public static bool PersistenceMet(ViolationCategory category, Incident sighting, IEnumerable<Incident> recent)
    {
        // A person's report is a deliberate judgement, not a passing frame: it persists by itself.
        if (category.MinSightings <= 1 || sighting.Source is EventSource.Citizen or EventSource.Steward) return true;
        var window = TimeSpan.FromMinutes(category.DedupeWindowMinutes);
        var frames = recent.Append(sighting)
            .Where(i => i.CategoryCode == category.Code && i.DistrictId == sighting.DistrictId)
            .Where(i => (i.ObservedAt - sighting.ObservedAt).Duration() <= window)
            .Where(i => i.Location.DistanceTo(sighting.Location) <= category.DedupeRadiusMeters)
            .GroupBy(i => i.FrameBlobName ?? i.Id)
            .Select(g => g.Min(i => i.ObservedAt))
            .Order()
            .ToList();
        var gap = TimeSpan.FromMinutes(category.PersistenceMinMinutes);
        var count = 0;
        DateTimeOffset? last = null;
        foreach (var at in frames)
        {
            if (last is null || at - last.Value >= gap)
            {
                count++;
                last = at;
            }
            if (count >= category.MinSightings) return true;
        }
        return false;
    }
}
