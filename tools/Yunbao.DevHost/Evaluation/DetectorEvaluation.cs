using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Yunbao.Application.Ports;
using Yunbao.Contracts.Frames;
using Yunbao.Contracts.Simulation;
using Yunbao.Domain.Catalog;
using Yunbao.Domain.Detection;
using Yunbao.Domain.Evaluation;
using Yunbao.Domain.Geo;
using Yunbao.Domain.Rules;
using Yunbao.Infrastructure;

namespace Yunbao.DevHost.Evaluation;

/// <summary>
/// `evaluate`: runs the configured detector (Detector:Provider, as the Functions app reads it; settings also from the
/// environment, e.g. Vision__Endpoint) over a folder of COCO-labelled images and reports per label precision, recall and
/// AP at IoU 0.5, then what the violation rules make of the detections. The simulation detector reads the labels
/// themselves (written into each frame's metadata as the simulator does) through its confusion model, so its score
/// measures that model, not a real one.
/// </summary>
public static class DetectorEvaluation
{
    public static async Task<DetectorEvaluationResult> RunAsync(string folder, IReadOnlyDictionary<string, string?> settings, CancellationToken ct)
    {
        var coco = CocoDataset.Load(Path.Combine(folder, CocoDataset.FileName));
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Detector:Provider"] = "simulation",
                ["LocalMode"] = "true",
                ["Storage"] = "UseDevelopmentStorage=true",   // never called: only the detector is resolved
            })
            .AddEnvironmentVariables()
            .AddInMemoryCollection(settings)
            .Build();
        var services = new ServiceCollection().AddLogging().AddYunbaoInfrastructure(config);
        await using var provider = services.BuildServiceProvider();
        var detector = provider.GetRequiredService<IDetector>();
        var catalog = CategoryCatalog.Default;
        var rules = new ViolationRules(catalog, ZoneMap.Default, Contracts.DistrictTime.Beijing);

        var names = coco.Categories.ToDictionary(c => c.Id, c => c.Name.ToLowerInvariant());
        var truth = new List<LabelledBox>();
        var detections = new List<LabelledBox>();
        var candidates = new Dictionary<string, int>(StringComparer.Ordinal);
        var rejections = new Dictionary<string, int>(StringComparer.Ordinal);
        var index = 0;
        foreach (var image in coco.Images.OrderBy(i => i.Id))
        {
            var key = image.Id.ToString(CultureInfo.InvariantCulture);
            var boxes = coco.Annotations.Where(a => a.ImageId == image.Id && a.Bbox.Count == 4)
                .Select(a => (Label: names.GetValueOrDefault(a.CategoryId, "?"), Box: new PixelBox((int)a.Bbox[0], (int)a.Bbox[1], (int)a.Bbox[2], (int)a.Bbox[3])))
                .ToList();
            truth.AddRange(boxes.Select(b => new LabelledBox(key, b.Label, b.Box)));
            var capture = SampleImageSet.CaptureFor(image.FileName, index++, image.Width, image.Height);
            var bytes = await File.ReadAllBytesAsync(Path.Combine(folder, image.FileName), ct);
            var metadata = new Dictionary<string, string>
            {
                [FrameMetadataKeys.GroundTruth] = GroundTruthCodec.Encode(boxes.Select(b => new GroundTruthObject(b.Label,
                    catalog.ForLabel(b.Label).FirstOrDefault()?.Code ?? "", b.Box, capture.Position.Lon, capture.Position.Lat)).ToList()),
            };
            var contentType = image.FileName.EndsWith(".png", StringComparison.OrdinalIgnoreCase) ? "image/png" : "image/jpeg";
            var result = await detector.DetectAsync(new FrameContent(capture, bytes, contentType, metadata), ct);
            detections.AddRange(result.Objects.Select(o => new LabelledBox(key, o.Label.ToLowerInvariant(), o.Box, o.Confidence)));
            var evaluation = rules.Evaluate(capture, result);
            foreach (var c in evaluation.Candidates) candidates[c.Category.Code] = candidates.GetValueOrDefault(c.Category.Code) + 1;
            foreach (var r in evaluation.Rejected)
            {
                var reason = r.Reason.Split(':', '(')[0].Trim();
                rejections[reason] = rejections.GetValueOrDefault(reason) + 1;
            }
        }
        return new DetectorEvaluationResult(DetectionEvaluator.Evaluate(truth, detections), candidates, rejections, detector.Name, detector.IsSimulation, coco.Images.Count);
    }

    public static void Print(DetectorEvaluationResult r, string folder, TextWriter output)
    {
        output.WriteLine($"Detector '{r.Detector}'{(r.Simulation ? " (SIMULATION: reads the labels through its confusion model, not a real model)" : "")} on {r.Images} images in {folder}");
        output.WriteLine($"  {"label",-12} {"truth",5} {"found",5} {"TP",4} {"prec",5} {"recall",6} {"AP@0.5",6}");
        foreach (var m in r.Labels)
            output.WriteLine($"  {m.Label,-12} {m.GroundTruth,5} {m.Detections,5} {m.TruePositives,4} {Rate(m.Precision),5} {Rate(m.Recall),6} {Rate(m.AveragePrecision),6}");
        var withTruth = r.Labels.Where(m => m.AveragePrecision is not null).ToList();
        output.WriteLine($"  mAP@0.5 over {withTruth.Count} labels: {Rate(withTruth.Count == 0 ? null : withTruth.Average(m => m.AveragePrecision!.Value))}");
        output.WriteLine("  violation rules (each image as a patrol frame on 骆驼湾街 at 10:00 Beijing): incident candidates " +
            (r.IncidentCandidates.Count == 0 ? "none" : string.Join(", ", r.IncidentCandidates.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key} {k.Value}"))));
        output.WriteLine("  detections the rules dropped: " +
            (r.Rejections.Count == 0 ? "none" : string.Join("; ", r.Rejections.OrderByDescending(k => k.Value).Select(k => $"{k.Value}× {k.Key}"))));
    }

    private static string Rate(double? x) => x is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "-";
}
