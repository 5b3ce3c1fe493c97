using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SkiaSharp;
using Yunbao.Contracts.Frames;

namespace Yunbao.Edge.Recognition;

/// <summary>
/// Runs a YOLO-style ONNX model on a frame: letterbox (<see cref="Letterbox"/>), inference on the CPU, decoding of the
/// first output (see <see cref="OnnxDetectorOptions"/> for the layouts), the confidence threshold, per-label non-maximum
/// suppression, and boxes mapped back to the frame's pixels. Not thread-safe per call order; ONNX Runtime sessions are.
/// </summary>
public sealed class OnnxObjectDetector : IDisposable
{
    private readonly InferenceSession _session;
    private readonly string _input;
    private readonly string _output;
    private readonly OnnxDetectorOptions _options;

    public OnnxObjectDetector(OnnxDetectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsConfigured) throw new ArgumentException("Recognition:ModelPath and Recognition:LabelsPath are both required.", nameof(options));
        _options = options;
        Labels = File.ReadAllLines(options.LabelsPath!).Select(l => l.Trim().ToLowerInvariant()).Where(l => l.Length > 0).ToList();
        _session = new InferenceSession(options.ModelPath!);
        _input = _session.InputMetadata.Keys.First();
        _output = _session.OutputMetadata.Keys.First();
    }

    public IReadOnlyList<string> Labels { get; }
    public string ModelName => _options.ModelName;
    public string ModelVersion => _options.ModelVersion;

    /// <summary>Detections in an encoded image (JPEG, PNG); an undecodable image has none.</summary>
    public IReadOnlyList<EdgeDetection> Detect(byte[] encodedImage)
    {
        using var image = SKBitmap.Decode(encodedImage);
        return image is null ? [] : Detect(image);
    }

    public IReadOnlyList<EdgeDetection> Detect(SKBitmap image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var box = Letterbox.Of(image, _options.InputSize);
        var input = new DenseTensor<float>(box.Tensor, [1, 3, box.Size, box.Size]);
        using var results = _session.Run([NamedOnnxValue.CreateFromTensor(_input, input)], [_output]);
        var output = results[0].AsTensor<float>();
        return Suppress(Decode(output, box, image.Width, image.Height), _options.NmsIouThreshold);
    }

    /// <summary>Candidates above the threshold: each anchor's best class, its box un-letterboxed and clamped to the frame.</summary>
    public List<EdgeDetection> Decode(Tensor<float> output, Letterbox box, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(box);
        var dims = output.Dimensions;
        var attributes = 4 + Labels.Count;
        if (dims.Length != 3 || (dims[1] != attributes && dims[2] != attributes))
            throw new InvalidDataException($"Model output [{string.Join(", ", dims.ToArray())}] is not [1, {attributes}, N] or [1, N, {attributes}] for {Labels.Count} labels.");
        var channelsFirst = dims[1] == attributes;
        var anchors = channelsFirst ? dims[2] : dims[1];
        float At(int anchor, int attribute) => channelsFirst ? output[0, attribute, anchor] : output[0, anchor, attribute];
        var found = new List<EdgeDetection>();
        for (var a = 0; a < anchors; a++)
        {
            var best = 0;
            for (var c = 1; c < Labels.Count; c++) if (At(a, 4 + c) > At(a, 4 + best)) best = c;
            var score = At(a, 4 + best);
            if (score < _options.ConfidenceThreshold) continue;
            double cx = At(a, 0), cy = At(a, 1), w = At(a, 2), h = At(a, 3);
            var x0 = Math.Clamp((cx - w / 2 - box.PadX) / box.Scale, 0, width);
            var y0 = Math.Clamp((cy - h / 2 - box.PadY) / box.Scale, 0, height);
            var x1 = Math.Clamp((cx + w / 2 - box.PadX) / box.Scale, 0, width);
            var y1 = Math.Clamp((cy + h / 2 - box.PadY) / box.Scale, 0, height);
            if (x1 - x0 < 1 || y1 - y0 < 1) continue;
            found.Add(new EdgeDetection(Labels[best], score, new PixelBox((int)Math.Round(x0), (int)Math.Round(y0), (int)Math.Round(x1 - x0), (int)Math.Round(y1 - y0))));
        }
        return found;
    }

    /// <summary>Greedy per-label NMS: strongest first, dropping same-label boxes that overlap a kept one by more than the IoU threshold.</summary>
    public static List<EdgeDetection> Suppress(IEnumerable<EdgeDetection> candidates, double iouThreshold)
    {
        var kept = new List<EdgeDetection>();
        foreach (var d in candidates.OrderByDescending(d => d.Confidence))
            if (!kept.Any(k => k.Label == d.Label && IoU(k.Box, d.Box) > iouThreshold)) kept.Add(d);
        return kept;
    }

    public static double IoU(PixelBox a, PixelBox b)
    {
        var w = Math.Min(a.X + a.W, b.X + b.W) - Math.Max(a.X, b.X);
        var h = Math.Min(a.Y + a.H, b.Y + b.H) - Math.Max(a.Y, b.Y);
        if (w <= 0 || h <= 0) return 0;
        var inter = (double)w * h;
        return inter / ((double)a.W * a.H + (double)b.W * b.H - inter);
    }

    public void Dispose() => _session.Dispose();
}
