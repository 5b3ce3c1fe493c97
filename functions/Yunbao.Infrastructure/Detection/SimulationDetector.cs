using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yunbao.Contracts.Frames;
using Yunbao.Contracts.Geo;
using Yunbao.Application.Ports;
using Yunbao.Domain.Detection;

namespace Yunbao.Infrastructure.Detection;

/// <summary>
/// SIMULATION, not a model: reads the ground truth the fleet simulator wrote into the frame's metadata and passes it
/// through a confusion model (recall, false-positive rate, confidence noise). The random stream is seeded by the
/// configured seed plus a stable hash of the blob name, so a redelivered frame gives exactly the same result.
/// Every result says Simulated = true.
/// </summary>
public sealed class SimulationDetector(IOptions<SimulationDetectorOptions> options, ILogger<SimulationDetector> logger) : IDetector
{
    public const string ProviderName = DetectorOptions.Simulation;
    private const int DefaultWidth = 1280, DefaultHeight = 720;

    public string Name => ProviderName;
    public bool IsSimulation => true;

    public Task<DetectionResult> DetectAsync(FrameContent frame, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var blobName = frame.Capture.BlobName;
        var truth = frame.Metadata.TryGetValue(FrameMetadataKeys.GroundTruth, out var encoded) && !string.IsNullOrWhiteSpace(encoded)
            ? SimulationGroundTruth.Decode(blobName, encoded)
            : [];

        var rng = new Random(FrameSeed(o.Seed, blobName));
        var width = frame.Capture.ImageWidth > 0 ? frame.Capture.ImageWidth : DefaultWidth;
        var height = frame.Capture.ImageHeight > 0 ? frame.Capture.ImageHeight : DefaultHeight;
        var objects = new List<DetectedObject>();

        foreach (var t in truth)
        {
            // Draw every random number even for missed objects, so one object's fate never shifts another's.
            var hit = rng.NextDouble() < o.Recall;
            var confidence = Clamp(0.85 + o.ConfidenceNoise * Gaussian(rng));
            var box = Jitter(t.Box, rng, width, height);
            // The simulator knows where the object stands; a false positive (below) has no such truth.
            if (hit) objects.Add(new DetectedObject(t.Label.ToLowerInvariant(), confidence, box) { GroundPosition = new GeoPoint(t.Lon, t.Lat) });
        }

        var falsePositive = rng.NextDouble() < o.FalsePositiveRate;
        if (falsePositive && o.FalsePositiveLabels.Count > 0)
        {
            var label = o.FalsePositiveLabels[rng.Next(o.FalsePositiveLabels.Count)].ToLowerInvariant();
            var w = rng.Next(width / 20, width / 5);
            var h = rng.Next(height / 20, height / 4);
            var box = new PixelBox(rng.Next(0, width - w), rng.Next(0, height - h), w, h);
            objects.Add(new DetectedObject(label, Clamp(0.55 + o.ConfidenceNoise * Gaussian(rng)), box));
        }

        var tags = objects.Select(x => x.Label).Distinct().ToList();
        logger.LogInformation(
            "SIMULATION detector (not a real model) on frame {FrameId} from {DeviceId}: {Detected} of {GroundTruth} ground-truth objects, false positive {FalsePositive}",
            blobName, frame.Capture.DeviceId, objects.Count - (falsePositive ? 1 : 0), truth.Count, falsePositive);
        return Task.FromResult(new DetectionResult(ProviderName, Simulated: true, objects, tags));
    }

    /// <summary>Seed + a hash of the blob name that is the same in every process (string.GetHashCode is randomised per process).</summary>
    public static int FrameSeed(int seed, string blobName)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(blobName), hash);
        return seed ^ BitConverter.ToInt32(hash[..4]);
    }

    private static PixelBox Jitter(PixelBox b, Random rng, int width, int height)
    {
        int J(int v, int span) => v + rng.Next(-Math.Max(1, span / 20), Math.Max(1, span / 20) + 1);
        var x = Math.Clamp(J(b.X, b.W), 0, Math.Max(0, width - 1));
        var y = Math.Clamp(J(b.Y, b.H), 0, Math.Max(0, height - 1));
        var w = Math.Clamp(J(b.W, b.W), 1, Math.Max(1, width - x));
        var h = Math.Clamp(J(b.H, b.H), 1, Math.Max(1, height - y));
        return new PixelBox(x, y, w, h);
    }

    private static double Gaussian(Random rng)
    {
        // Box-Muller: one standard normal draw.
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private static double Clamp(double c) => Math.Round(Math.Clamp(c, 0.05, 0.99), 3);
}
