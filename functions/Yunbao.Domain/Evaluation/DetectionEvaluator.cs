using Yunbao.Contracts.Frames;

namespace Yunbao.Domain.Evaluation;

/// <summary>
/// Object-detection metrics, PASCAL VOC / COCO style at one IoU threshold (0.5 by default): per label, detections are taken
/// by descending confidence and each matches the unmatched ground-truth box of that label in the same image with the highest
/// IoU ≥ the threshold (else it is a false positive). AP is the all-point interpolated area under the precision-recall curve
/// (precision made monotone from the right), as VOC 2010+ computes it.
/// </summary>
public static class DetectionEvaluator
{
    public static double IoU(PixelBox a, PixelBox b)
    {
        var w = Math.Min(a.X + a.W, b.X + b.W) - Math.Max(a.X, b.X);
        var h = Math.Min(a.Y + a.H, b.Y + b.H) - Math.Max(a.Y, b.Y);
        if (w <= 0 || h <= 0) return 0;
        var inter = (double)w * h;
        return inter / ((double)a.W * a.H + (double)b.W * b.H - inter);
    }

    public static IReadOnlyList<LabelMetrics> Evaluate(IReadOnlyList<LabelledBox> truth, IReadOnlyList<LabelledBox> detections, double iouThreshold = 0.5)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(detections);
        return truth.Select(t => t.Label).Concat(detections.Select(d => d.Label)).Distinct().Order(StringComparer.Ordinal)
            .Select(label => ForLabel(label, truth.Where(t => t.Label == label).ToList(), detections.Where(d => d.Label == label).ToList(), iouThreshold))
            .ToList();
    }

    private static LabelMetrics ForLabel(string label, List<LabelledBox> truth, List<LabelledBox> detections, double threshold)
    {
        var unmatched = truth.GroupBy(t => t.ImageId).ToDictionary(g => g.Key, g => g.ToList());
        var hits = new List<bool>();
        foreach (var d in detections.OrderByDescending(d => d.Confidence).ThenBy(d => d.ImageId, StringComparer.Ordinal))
        {
            var candidates = unmatched.GetValueOrDefault(d.ImageId);
            var best = candidates?.Where(t => IoU(t.Box, d.Box) >= threshold).OrderByDescending(t => IoU(t.Box, d.Box)).FirstOrDefault();
            if (best is not null) candidates!.Remove(best);
            hits.Add(best is not null);
        }
        var tp = hits.Count(h => h);
        double? precision = hits.Count == 0 ? null : (double)tp / hits.Count;
        double? recall = truth.Count == 0 ? null : (double)tp / truth.Count;
        return new LabelMetrics(label, truth.Count, hits.Count, tp, precision, recall, truth.Count == 0 ? null : AveragePrecision(hits, truth.Count));
    }

    /// <summary>All-point interpolated AP from hits in descending-confidence order.</summary>
    public static double AveragePrecision(IReadOnlyList<bool> hits, int groundTruth)
    {
        ArgumentNullException.ThrowIfNull(hits);
        if (groundTruth == 0) return 0;
        var precision = new double[hits.Count];
        var recall = new double[hits.Count];
        var tp = 0;
        for (var i = 0; i < hits.Count; i++)
        {
            if (hits[i]) tp++;
            precision[i] = (double)tp / (i + 1);
            recall[i] = (double)tp / groundTruth;
        }
        for (var i = hits.Count - 2; i >= 0; i--) precision[i] = Math.Max(precision[i], precision[i + 1]);
        var ap = 0.0;
        var previousRecall = 0.0;
        for (var i = 0; i < hits.Count; i++)
        {
            ap += (recall[i] - previousRecall) * precision[i];
            previousRecall = recall[i];
        }
        return ap;
    }
}
