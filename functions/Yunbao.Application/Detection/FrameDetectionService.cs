using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yunbao.Contracts.Validation;
using Yunbao.Contracts.Frames;
using Yunbao.Application.Ports;
using Yunbao.Application.WorkOrders;
using Yunbao.Domain.Detection;
using Yunbao.Domain.Geo;
using Yunbao.Application;
using Yunbao.Domain.Rules;
using Yunbao.Domain.WorkOrders;

namespace Yunbao.Application.Detection;

/// <summary>
/// One frame end to end: read it, detect, apply the rules, record incidents (which opens, dedupes and
/// dispatches orders), and close the loop on resolved orders the camera is looking at. The frame's blob
/// name is the idempotency key: processing it again finds every incident known and changes nothing.
/// </summary>
public sealed class FrameDetectionService(
    IFrameStore frames,
    IDetector detector,
    ViolationRules rules,
    IWorkOrderRepository orders,
    IncidentIntake intake,
    WorkOrderTransitions transitions,
    ResolvedOrderIndex resolvedOrders,
    IOptions<DistrictOptions> district,
    ILogger<FrameDetectionService> logger)
{
    /// <summary>How far a patrol camera view is trusted to show the ground clearly enough to verify a fix.</summary>
    public const double VerifyRangeMeters = 30;
    /// <summary>The same for a fixed camera on a pole, which sees further.</summary>
    public const double FixedCameraVerifyRangeMeters = 45;
    /// <summary>Sightings this close to a resolved order count as "still there" (estimated positions are rough).</summary>
    public const double StillThereMinMeters = 15;

    public async Task<FrameProcessingResult> ProcessFrameAsync(string blobName, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(blobName)) throw new UnprocessableInputException("No frame blob name given.");
        if (BlobPath.Problem(blobName) is { } problem) throw new UnprocessableInputException($"Frame blob name refused: {problem}.");
        var folder = FrameBlobNames.DeviceOf(blobName)
            ?? throw new UnprocessableInputException($"Frame '{blobName}' is not under a device folder '{{deviceId}}/'.");
        var frame = await frames.ReadAsync(blobName, cancellationToken)
            ?? throw new UnprocessableInputException($"Frame '{blobName}' does not exist in the frames container.");
        var capture = frame.Capture;
        // IoT Hub file upload puts a device's blobs under "{deviceId}/": the metadata may not claim another device or district.
        if (!string.Equals(capture.DeviceId, folder, StringComparison.Ordinal))
            throw new UnprocessableInputException($"Frame '{blobName}' refused: metadata deviceid '{capture.DeviceId}' is not the uploading device '{folder}'.");
        if (!string.Equals(capture.DistrictId, district.Value.DistrictId, StringComparison.Ordinal))
            throw new UnprocessableInputException($"Frame '{blobName}' refused: districtId '{capture.DistrictId}' is not this deployment's district '{district.Value.DistrictId}'.");
        using var scope = logger.BeginScope(new Dictionary<string, object?>
        {
            ["frameId"] = capture.BlobName, ["deviceId"] = capture.DeviceId, ["districtId"] = capture.DistrictId,
        });

        var detection = await detector.DetectAsync(frame, cancellationToken);
        logger.LogInformation("Frame {FrameId} from {DeviceId} in {DistrictId}: {Detections} objects by {Provider} (simulation: {Simulated})",
            capture.BlobName, capture.DeviceId, capture.DistrictId, detection.Objects.Count, detection.Provider, detection.Simulated);

        var evaluation = rules.Evaluate(capture, detection);
        foreach (var r in evaluation.Rejected)
            logger.LogDebug("Frame {FrameId}: '{Label}' not a violation ({Category}): {Reason}", capture.BlobName, r.Object.Label, r.CategoryCode, r.Reason);

        int created = 0, known = 0;
        var opened = new List<string>();
        var updated = new List<string>();
        foreach (var candidate in evaluation.Candidates)
        {
            var incident = ViolationRules.ToIncident(candidate, capture, detection);
            var outcome = await intake.RecordIncidentAsync(incident, cancellationToken);
            if (outcome.Created) created++; else known++;
            if (outcome.WorkOrderId is not { } orderId) continue;
            if (outcome.WorkOrderOpened) opened.Add(orderId);
            else if (outcome.Created) updated.Add(orderId);
        }

        updated.AddRange(await CloseTheLoopAsync(capture, detection, cancellationToken));

        return new FrameProcessingResult(capture.BlobName, detection.Provider, detection.Simulated, detection.Objects.Count,
            created, known, opened.Distinct().ToList(), updated.Distinct().Except(opened).ToList());
    }

    /// <summary>
    /// For each resolved order in front of this camera view (within <see cref="VerifyRangeMeters"/> or
    /// <see cref="FixedCameraVerifyRangeMeters"/>, and the
    /// view's 90° field), resolved before the frame was taken: if the frame still shows the category nearby the
    /// order is reopened (for persistence categories: left to the incident path), otherwise it is verified —
    /// unless the category's rule is inactive at this hour (a stall gone at night says nothing about the day).
    /// </summary>
    private async Task<IReadOnlyList<string>> CloseTheLoopAsync(FrameCapture capture, DetectionResult detection, CancellationToken ct)
    {
        var proj = rules.Zones.Network.Projection;
        var range = capture.Source == EventSource.FixedCamera ? FixedCameraVerifyRangeMeters : VerifyRangeMeters;
        var around = new GeoBounds(
            proj.Offset(capture.Position, 270, range).Lon, proj.Offset(capture.Position, 180, range).Lat,
            proj.Offset(capture.Position, 90, range).Lon, proj.Offset(capture.Position, 0, range).Lat);
        var changed = new List<string>();
        var nearby = await resolvedOrders.WithinAsync(orders, capture.DistrictId, around, ct);
        if (nearby.Count == 0) return changed;   // the common case: no database call at all

        var viewBearing = ViolationRules.ViewBearing(capture);
        var hour = rules.LocalHour(capture.CapturedAt);
        foreach (var id in nearby)
        {
            // The index only narrows the search: act on the order as stored now.
            if (await orders.GetAsync(capture.DistrictId, id, ct) is not { Status: WorkOrderStatus.Resolved } order) continue;
            var distance = proj.Distance(capture.Position, order.Location);
            if (distance > range) continue;
            if (distance > 3 && LocalProjection.AngleBetween(proj.Bearing(capture.Position, order.Location), viewBearing) > ViolationRules.HorizontalFovDeg / 2) continue;
            if (order.ResolvedAt is not { } resolvedAt || resolvedAt >= capture.CapturedAt) continue;
            if (!rules.Catalog.TryGet(order.CategoryCode, out var category)) continue;

            var radius = Math.Max(category.DedupeRadiusMeters, StillThereMinMeters);
            var stillThere = detection.Objects.Any(o =>
                category.EvidenceLabels.Contains(o.Label.ToLowerInvariant())
                && o.Confidence >= category.MinConfidence
                && rules.EstimateGroundPosition(capture, o).DistanceTo(order.Location) <= radius);
            if (!stillThere && !category.IsActiveAt(hour)) continue;
            // For categories that need persistence (a parked car, a stall) one frame proves nothing either way:
            // the incident path reopens the order once the sightings persist again.
            if (stillThere && category.MinSightings > 1) continue;

            var action = stillThere ? WorkOrderAction.Reopen : WorkOrderAction.Verify;
            var outcome = await transitions.TransitionAsync(new WorkOrderTransition
            {
                DistrictId = order.DistrictId,
                WorkOrderId = order.Id,
                Action = action,
                By = Actor.Patrol(capture.DeviceId),
                IfMatch = order.ETag,
                Where = capture.Position,
                Note = stillThere
                    ? $"patrol pass still sees {category.NameEn} ({detection.Provider}{(detection.Simulated ? ", simulation" : "")})"
                    : $"patrol pass no longer sees {category.NameEn} ({detection.Provider}{(detection.Simulated ? ", simulation" : "")})",
                Evidence = [capture.BlobName],
            }, ct);
            if (outcome is TransitionOutcome.Ok)
            {
                changed.Add(order.Id);
                logger.LogInformation("Work order {WorkOrderId} in {DistrictId} {Action} by patrol {DeviceId} from frame {FrameId}",
                    order.Id, order.DistrictId, stillThere ? "reopened" : "verified", capture.DeviceId, capture.BlobName);
            }
            else
            {
                // Another view of the same pass (or a dispatcher) moved it first.
                logger.LogDebug("Work order {WorkOrderId} not {Action} from frame {FrameId}: {Outcome}", order.Id, action, capture.BlobName, outcome);
            }
        }
        return changed;
    }
}
