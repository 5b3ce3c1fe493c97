using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SkiaSharp;
using Yunbao.Contracts.Frames;
using Yunbao.Edge.Recognition;

namespace Yunbao.Edge.Modules.Tests.Recognition;

/// <summary>The ONNX provider run for real (ONNX Runtime on the CPU) on a model the test writes itself.</summary>
public sealed class OnnxObjectDetectorTests : IDisposable
{
    private const int Size = 64;
    private static readonly string[] LabelMap = ["car", "umbrella", "bin"];
    private readonly string _folder = Directory.CreateTempSubdirectory("yunbao-onnx-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>YOLOv8 layout [1, 7, 4]: per anchor cx, cy, w, h (letterbox pixels), then scores for car, umbrella, bin.</summary>
    private static readonly float[][] Anchors =
    [
        [32, 32, 20, 10, 0.9f, 0.0f, 0.0f],   // car
        [33, 32, 20, 10, 0.8f, 0.1f, 0.0f],   // the same car again, weaker: suppressed
        [32, 32, 20, 10, 0.0f, 0.7f, 0.0f],   // an umbrella in the same place: another label, kept
        [10, 40, 8, 8, 0.0f, 0.0f, 0.1f],     // a bin below the threshold
    ];

    private OnnxDetectorOptions Model()
    {
        var channelsFirst = new float[7 * Anchors.Length];
        for (var a = 0; a < Anchors.Length; a++)
            for (var k = 0; k < 7; k++) channelsFirst[k * Anchors.Length + a] = Anchors[a][k];
        var model = Path.Combine(_folder, "tiny.onnx");
        File.WriteAllBytes(model, TinyOnnxModel.Build(Size, 7, Anchors.Length, channelsFirst));
        var labels = Path.Combine(_folder, "labels.txt");
        File.WriteAllLines(labels, LabelMap);
        return new OnnxDetectorOptions { ModelPath = model, LabelsPath = labels, ModelName = "tiny-test", ModelVersion = "1", InputSize = Size, ConfidenceThreshold = 0.25 };
    }

    private static SKBitmap White(int width, int height)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        bitmap.Erase(SKColors.White);
        return bitmap;
    }

    [Fact]
    public void Decodes_thresholds_and_suppresses_and_maps_boxes_back_through_the_letterbox()
    {
        using var detector = new OnnxObjectDetector(Model());
        using var frame = White(128, 64);   // scale 0.5 into 64×64, 16 grey rows above and below
        using var encoded = frame.Encode(SKEncodedImageFormat.Png, 100);

        var found = detector.Detect(encoded.ToArray());

        // letterbox (32±10, 32±5) → frame ((22−0)/0.5, (27−16)/0.5) = (44, 22), 40 × 20
        Assert.Equal(
            [new EdgeDetection("car", 0.9f, new PixelBox(44, 22, 40, 20)), new EdgeDetection("umbrella", 0.7f, new PixelBox(44, 22, 40, 20))],
            found);
    }

    [Fact]
    public void The_letterbox_scales_keeps_the_aspect_and_pads_with_grey()
    {
        using var frame = White(128, 64);
        var box = Letterbox.Of(frame, Size);
        Assert.Equal((0.5, 0.0, 16.0), (box.Scale, box.PadX, box.PadY));
        const int plane = Size * Size;
        Assert.Equal(114 / 255f, box.Tensor[0], 3);                          // top-left: padding
        Assert.Equal(1f, box.Tensor[32 * Size + 32], 3);                     // centre: the white frame
        Assert.Equal(1f, box.Tensor[2 * plane + 32 * Size + 32], 3);         // blue plane too

        // and the model sees exactly that tensor: its second output is the mean of its input
        using var session = new InferenceSession(Model().ModelPath!);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("images", new DenseTensor<float>(box.Tensor, [1, 3, Size, Size]))], ["mean"]);
        Assert.Equal(0.5 + 0.5 * 114 / 255.0, results[0].AsTensor<float>().GetValue(0), 3);
    }

    [Fact]
    public void Suppression_keeps_the_strongest_of_overlapping_boxes_per_label()
    {
        var kept = OnnxObjectDetector.Suppress(
        [
            new EdgeDetection("car", 0.6, new PixelBox(0, 0, 10, 10)),
            new EdgeDetection("car", 0.9, new PixelBox(1, 0, 10, 10)),
            new EdgeDetection("car", 0.5, new PixelBox(50, 50, 10, 10)),
        ], 0.45);
        Assert.Equal([0.9, 0.5], kept.Select(k => k.Confidence));
    }
}
