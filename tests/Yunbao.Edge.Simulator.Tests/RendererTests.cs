using SkiaSharp;
using Yunbao.Contracts.Frames;
using Yunbao.Contracts.Simulation;
using Yunbao.Domain.Catalog;
using Yunbao.Edge.Simulator.Imaging;

namespace Yunbao.Edge.Simulator.Tests;

public sealed class RendererTests
{
    private static FrameCapture Capture(string view) => new()
    {
        BlobName = "patrol-01/2026/11/25/093000-000001-" + view + ".jpg",
        DeviceId = "patrol-01",
        DistrictId = "lize",
        CapturedAt = TestWorld.Wednesday(9.5),
        Position = new(116.3100, 39.8650),
        HeadingDeg = 90,
        View = view,
        ImageWidth = 640,
        ImageHeight = 360,
    };

    public static TheoryData<string> Categories() => new(CategoryCatalog.Default.All.Select(c => c.Code));

    [Theory]
    [MemberData(nameof(Categories))]
    public void A_violation_is_drawn_inside_its_ground_truth_box_of_a_640x360_jpeg(string category)
    {
        var renderer = new SyntheticFrameRenderer();
        var capture = Capture("front");
        var box = new PixelBox(260, 190, 140, 90);
        var truth = new GroundTruthObject(CategoryCatalog.Default.Get(category).EvidenceLabels[0], category, box, 116.3101, 39.8651);

        var empty = SKBitmap.Decode(renderer.Render(capture, []));
        var jpeg = renderer.Render(capture, [truth]);
        using var codec = SKCodec.Create(new SKMemoryStream(jpeg));
        Assert.Equal(SKEncodedImageFormat.Jpeg, codec.EncodedFormat);
        using var drawn = SKBitmap.Decode(jpeg);
        Assert.Equal((640, 360), (drawn.Width, drawn.Height));

        int Changed(int x0, int y0, int w, int h)
        {
            var n = 0;
            for (var y = y0; y < y0 + h; y++)
                for (var x = x0; x < x0 + w; x++)
                {
                    var a = empty.GetPixel(x, y); var b = drawn.GetPixel(x, y);
                    if (Math.Abs(a.Red - b.Red) + Math.Abs(a.Green - b.Green) + Math.Abs(a.Blue - b.Blue) > 60) n++;
                }
            return n;
        }
        var inside = Changed(box.X, box.Y, box.W, box.H);
        Assert.True(inside > box.W * box.H / 10, $"{category}: only {inside} of {box.W * box.H} pixels in the box differ from the empty scene");
        // nothing drawn outside the box (a margin for JPEG ringing), apart from the rest of the scene being identical
        var outside = Changed(0, 30, 640, 150) + Changed(0, 300, 640, 60);
        Assert.True(outside < 200, $"{category}: {outside} pixels changed outside the box");
        empty.Dispose();
    }

    [Theory]
    [InlineData("front")]
    [InlineData("left")]
    [InlineData("fixed")]
    public void Frames_carry_the_simulated_overlay_and_are_deterministic(string view)
    {
        var renderer = new SyntheticFrameRenderer();
        var a = renderer.Render(Capture(view), []);
        var b = renderer.Render(Capture(view), []);
        Assert.Equal(a, b);
        using var bitmap = SKBitmap.Decode(a);
        // the overlay band top-left is dark with white text pixels
        var bright = 0;
        for (var y = 4; y < 18; y++)
            for (var x = 6; x < 200; x++)
                if (bitmap.GetPixel(x, y).Red > 200 && bitmap.GetPixel(x, y).Blue > 200) bright++;
        Assert.True(bright > 100, $"{bright} text pixels in the overlay");
    }
}
