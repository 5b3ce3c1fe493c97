using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Yunbao.Contracts.Frames;
using Yunbao.Contracts.Geo;
using Yunbao.Contracts.Simulation;
using Yunbao.Domain.Detection;
using Yunbao.Application;
using Yunbao.Infrastructure.Detection;

namespace Yunbao.Infrastructure.Tests.Detection;

public sealed class SimulationDetectorTests
{
    private static SimulationDetector Detector(double recall = 0.9, double fpr = 0.05, double noise = 0.08, int seed = 7) =>
        new(Options.Create(new SimulationDetectorOptions { Recall = recall, FalsePositiveRate = fpr, ConfidenceNoise = noise, Seed = seed }),
            NullLogger<SimulationDetector>.Instance);

    private static FrameContent Frame(string blobName, params GroundTruthObject[] truth)
    {
        var metadata = new Dictionary<string, string> { [FrameMetadataKeys.Simulated] = "true" };
        if (truth.Length > 0) metadata[FrameMetadataKeys.GroundTruth] = SimulationGroundTruth.Encode(truth);
        return new FrameContent(
            new FrameCapture { BlobName = blobName, DeviceId = "patrol-01", DistrictId = "lize", CapturedAt = DateTimeOffset.UnixEpoch, Position = new GeoPoint(116.31, 39.86), ImageWidth = 1280, ImageHeight = 720 },
            new byte[] { 1 }, "image/jpeg", metadata);
    }

    private static readonly GroundTruthObject Laundry = new("clothing", "street-laundry", new PixelBox(400, 200, 160, 120), 116.31, 39.86);
    private static readonly GroundTruthObject Car = new("car", "illegal-parking", new PixelBox(100, 300, 300, 160), 116.31, 39.86, Congestion: true);

    [Fact]
    public async Task Redelivered_frame_gives_the_identical_result_even_from_a_new_detector()
    {
        var frame = Frame("patrol-01/2026/11/25/0830/000123-front.jpg", Laundry, Car);
        var first = await Detector().DetectAsync(frame, default);
        var again = await Detector().DetectAsync(frame, default);

        Assert.Equal(first.Objects, again.Objects);
        Assert.Equal(first.Tags, again.Tags);
        Assert.Equal("simulation", first.Provider);
        Assert.True(first.Simulated);
        Assert.True(Detector().IsSimulation);
    }

    [Fact]
    public async Task Different_frames_and_seeds_give_different_noise()
    {
        var a = await Detector(recall: 1).DetectAsync(Frame("a.jpg", Laundry), default);
        var b = await Detector(recall: 1).DetectAsync(Frame("b.jpg", Laundry), default);
        var c = await Detector(recall: 1, seed: 8).DetectAsync(Frame("a.jpg", Laundry), default);
        Assert.NotEqual(a.Objects[0].Confidence, b.Objects[0].Confidence);
        Assert.NotEqual(a.Objects[0].Confidence, c.Objects[0].Confidence);
    }

    [Fact]
    public async Task Perfect_detector_sees_exactly_the_ground_truth()
    {
        var result = await Detector(recall: 1, fpr: 0, noise: 0).DetectAsync(Frame("p.jpg", Laundry, Car), default);
        Assert.Equal(["clothing", "car"], result.Objects.Select(o => o.Label));
        Assert.All(result.Objects, o => Assert.Equal(0.85, o.Confidence));
        Assert.InRange(result.Objects[0].Box.X, 392, 408); // jittered by at most 5% of the box
        Assert.Equal(new GeoPoint(Laundry.Lon, Laundry.Lat), result.Objects[0].GroundPosition);
    }

    [Fact]
    public async Task Frame_without_ground_truth_has_no_detections_unless_a_false_positive()
    {
        var result = await Detector(fpr: 0).DetectAsync(Frame("empty.jpg"), default);
        Assert.Empty(result.Objects);
        Assert.True(result.Simulated);
    }

    [Fact]
    public async Task Recall_and_false_positive_rate_hold_over_many_frames()
    {
        var detector = Detector(recall: 0.8, fpr: 0.1, noise: 0.05);
        const int frames = 3000;
        int truePositives = 0, falsePositives = 0;
        var confidences = new List<double>();
        for (var i = 0; i < frames; i++)
        {
            var result = await detector.DetectAsync(Frame($"patrol-02/frame-{i:00000}.jpg", Car), default);
            var hits = result.Objects.Where(o => o.Label == "car" && Math.Abs(o.Box.X - Car.Box.X) <= 15 && Math.Abs(o.Box.Y - Car.Box.Y) <= 8).ToList();
            truePositives += hits.Count;
            falsePositives += result.Objects.Count - hits.Count;
            confidences.AddRange(hits.Select(h => h.Confidence));
        }

        // Binomial standard deviation at n=3000 is about 0.007 (recall) and 0.0055 (false positives): 4 sigma bounds.
        Assert.InRange(truePositives / (double)frames, 0.77, 0.83);
        Assert.InRange(falsePositives / (double)frames, 0.078, 0.122);
        Assert.InRange(confidences.Average(), 0.84, 0.86);
    }

    [Fact]
    public async Task Unreadable_ground_truth_is_unprocessable_and_names_the_key()
    {
        var frame = Frame("bad.jpg");
        var metadata = new Dictionary<string, string>(frame.Metadata) { [FrameMetadataKeys.GroundTruth] = "not*base64url" };
        var e = await Assert.ThrowsAsync<UnprocessableInputException>(() => Detector().DetectAsync(frame with { Metadata = metadata }, default));
        Assert.Contains("simgroundtruth", e.Message);

        metadata[FrameMetadataKeys.GroundTruth] = System.Buffers.Text.Base64Url.EncodeToString("{\"no\":1}"u8);
        e = await Assert.ThrowsAsync<UnprocessableInputException>(() => Detector().DetectAsync(frame with { Metadata = metadata }, default));
        Assert.Contains("not a JSON array", e.Message);
        Assert.Contains("simgroundtruth", e.Message);
    }

    [Fact]
    public void Ground_truth_codec_round_trips_and_is_ascii()
    {
        var encoded = SimulationGroundTruth.Encode([Laundry, Car]);
        Assert.All(encoded, ch => Assert.True(ch < 128 && ch != '=' && ch != '+' && ch != '/'));
        Assert.Equal([Laundry, Car], SimulationGroundTruth.Decode("x", encoded));
    }
}
