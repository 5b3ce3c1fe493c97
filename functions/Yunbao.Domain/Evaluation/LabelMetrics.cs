namespace Yunbao.Domain.Evaluation;

/// <summary>
/// A detector's result for one label at one IoU threshold: true positives are detections matched one-to-one to a
/// ground-truth box; precision and recall over all detections; AP the area under the interpolated precision-recall curve.
/// </summary>
public sealed record LabelMetrics(string Label, int GroundTruth, int Detections, int TruePositives, double? Precision, double? Recall, double? AveragePrecision);
