namespace Yunbao.Edge.Recognition;

/// <summary>
/// A user-supplied YOLO-style ONNX model: one float input [1, 3, S, S] (RGB, 0..1, letterboxed with grey 114) and one
/// output [1, 4 + C, N] (YOLOv8: cx, cy, w, h, then C class scores; [1, N, 4 + C] is read too), and a label map
/// (class index → detector label, one per line, e.g. "car", matched to the categories' evidence labels).
/// </summary>
public sealed class OnnxDetectorOptions
{
    public const string Section = "Recognition";

    public string? ModelPath { get; set; }
    public string? LabelsPath { get; set; }
    /// <summary>Recorded on every incident the model's detections open, with <see cref="ModelVersion"/>.</summary>
    public string ModelName { get; set; } = "";
    public string ModelVersion { get; set; } = "";
    public int InputSize { get; set; } = 640;
    public double ConfidenceThreshold { get; set; } = 0.25;
    /// <summary>Boxes of one label overlapping a kept, stronger box by more than this IoU are suppressed.</summary>
    public double NmsIouThreshold { get; set; } = 0.45;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ModelPath) && !string.IsNullOrWhiteSpace(LabelsPath);
}
