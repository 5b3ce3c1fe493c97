using Yunbao.Contracts.Frames;
using Yunbao.Domain.Evaluation;

namespace Yunbao.Domain.Tests.Evaluation;

/// <summary>The detection metrics on a tiny labelled set whose answers are worked out by hand.</summary>
public sealed class DetectionEvaluatorTests
{
    private static LabelledBox Box(string image, string label, int x, int y, int w = 10, int h = 10, double confidence = 1) =>
        new(image, label, new PixelBox(x, y, w, h), confidence);

    [Fact]
    public void IoU_is_intersection_over_union()
    {
        Assert.Equal(1, DetectionEvaluator.IoU(new PixelBox(0, 0, 10, 10), new PixelBox(0, 0, 10, 10)));
        Assert.Equal(50.0 / 150, DetectionEvaluator.IoU(new PixelBox(0, 0, 10, 10), new PixelBox(5, 0, 10, 10)), 12);
        Assert.Equal(0, DetectionEvaluator.IoU(new PixelBox(0, 0, 10, 10), new PixelBox(10, 0, 10, 10)));
    }

    [Fact]
    public void Precision_recall_and_ap_at_iou_half_on_a_known_set()
    {
        // cars: 3 in two images. Detections by confidence: 0.9 hit, 0.8 miss (IoU 1/3), 0.7 hit, 0.6 duplicate of a matched car (miss).
        // P/R after each: 1/1@1/3, 1/2@1/3, 2/3@2/3, 2/4@2/3 → AP = 1/3·1 + 1/3·2/3 = 5/9; the third car is never found.
        // bins: one box found exactly; umbrellas: one false detection, no truth.
        var truth = new[]
        {
            Box("a", "car", 0, 0), Box("a", "car", 100, 0), Box("b", "car", 0, 0),
            Box("b", "bin", 50, 50),
        };
        var detections = new[]
        {
            Box("a", "car", 1, 0, confidence: 0.9),
            Box("a", "car", 105, 0, confidence: 0.8),
            Box("b", "car", 0, 1, confidence: 0.7),
            Box("a", "car", 0, 0, confidence: 0.6),
            Box("b", "bin", 50, 50, confidence: 0.55),
            Box("b", "umbrella", 0, 0, confidence: 0.5),
        };
        var metrics = DetectionEvaluator.Evaluate(truth, detections).ToDictionary(m => m.Label);

        var car = metrics["car"];
        Assert.Equal((3, 4, 2), (car.GroundTruth, car.Detections, car.TruePositives));
        Assert.Equal(0.5, car.Precision);
        Assert.Equal(2.0 / 3, car.Recall!.Value, 12);
        Assert.Equal(5.0 / 9, car.AveragePrecision!.Value, 12);
        Assert.Equal(new LabelMetrics("bin", 1, 1, 1, 1, 1, 1), metrics["bin"]);
        Assert.Equal(new LabelMetrics("umbrella", 0, 1, 0, 0, null, null), metrics["umbrella"]);
    }

    [Fact]
    public void A_detection_in_another_image_does_not_match()
    {
        var m = Assert.Single(DetectionEvaluator.Evaluate([Box("a", "car", 0, 0)], [Box("b", "car", 0, 0)]));
        Assert.Equal((0, 0.0, 0.0), (m.TruePositives, m.Recall!.Value, m.AveragePrecision!.Value));
    }
}
