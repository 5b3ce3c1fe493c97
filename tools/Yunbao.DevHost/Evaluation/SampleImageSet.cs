using Yunbao.Contracts.Frames;
using Yunbao.Contracts.Geo;
using Yunbao.Contracts.Simulation;
using Yunbao.Domain.Catalog;
using Yunbao.Domain.Geo;
using Yunbao.Edge.Simulator.Imaging;

namespace Yunbao.DevHost.Evaluation;

/// <summary>
/// A small labelled set drawn by the simulator's renderer: SIMULATED street scenes along 骆驼湾街 at 10:00 Beijing time,
/// one to three evidence objects each (every category's first evidence label), written as JPEG + COCO annotations.
/// Generated at run time from a seed, so it is the same on every machine and nothing binary ships in the repository.
/// </summary>
public static class SampleImageSet
{
    public const int DefaultCount = 28;
    public static readonly DateTimeOffset CapturedAt = new(2026, 11, 25, 2, 0, 0, TimeSpan.Zero);

    /// <summary>The capture context the evaluation gives every image of a folder (COCO has none): a patrol car on 骆驼湾街.</summary>
    public static FrameCapture CaptureFor(string fileName, int index, int width, int height)
    {
        var street = StreetNetwork.Default.GetStreet("luotuowan-st");
        var along = 60 + index * 37 % Math.Max(1, (int)street.Path.LengthMeters - 120);
        return new FrameCapture
        {
            BlobName = "evaluation/" + fileName,
            DeviceId = "evaluation",
            DistrictId = "lize",
            CapturedAt = CapturedAt,
            Position = street.Path.PointAt(along),
            HeadingDeg = street.Path.BearingAt(along),
            SpeedKmh = 25,
            View = "right",
            ImageWidth = width,
            ImageHeight = height,
        };
    }

    public static CocoDataset Write(string folder, CategoryCatalog catalog, int count = DefaultCount, int seed = 42)
    {
        Directory.CreateDirectory(folder);
        var labels = catalog.All.Where(c => c.EvidenceLabels.Count > 0).Select(c => (c.Code, Label: c.EvidenceLabels[0])).ToList();
        var set = new CocoDataset { Categories = labels.Select((l, i) => new CocoCategory { Id = i + 1, Name = l.Label }).ToList() };
        var renderer = new SyntheticFrameRenderer();
        var rng = new Random(seed);
        const int width = SyntheticFrameRenderer.DefaultWidth, height = SyntheticFrameRenderer.DefaultHeight;
        for (var i = 0; i < count; i++)
        {
            var file = $"sample-{i:000}.jpg";
            var capture = CaptureFor(file, i, width, height);
            var objects = new List<GroundTruthObject>();
            var slots = rng.Next(1, 4);
            for (var s = 0; s < slots; s++)
            {
                var k = rng.Next(labels.Count);
                // side by side in the lower half, so boxes do not overlap
                var box = new PixelBox(20 + s * 200 + rng.Next(0, 40), 170 + rng.Next(0, 60), rng.Next(70, 130), rng.Next(50, 100));
                objects.Add(new GroundTruthObject(labels[k].Label, labels[k].Code, box, capture.Position.Lon, capture.Position.Lat));
                set.Annotations.Add(new CocoAnnotation { Id = set.Annotations.Count + 1, ImageId = i + 1, CategoryId = k + 1, Bbox = [box.X, box.Y, box.W, box.H] });
            }
            File.WriteAllBytes(Path.Combine(folder, file), renderer.Render(capture, objects));
            set.Images.Add(new CocoImage { Id = i + 1, FileName = file, Width = width, Height = height });
        }
        set.Save(Path.Combine(folder, CocoDataset.FileName));
        return set;
    }
}
