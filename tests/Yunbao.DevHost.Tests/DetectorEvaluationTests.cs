using Yunbao.DevHost.Evaluation;
using Yunbao.Domain.Catalog;

namespace Yunbao.DevHost.Tests;

/// <summary>`evaluate` end to end on the renderer's sample set: real JPEGs and COCO annotations on disk, the configured detector through DI.</summary>
public sealed class DetectorEvaluationTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "yunbao-eval-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_perfect_simulation_detector_scores_one_and_the_rules_turn_its_detections_into_candidates()
    {
        var set = SampleImageSet.Write(_folder, CategoryCatalog.Default, count: 6);
        Assert.Equal(6, Directory.GetFiles(_folder, "*.jpg").Length);
        Assert.Equal(0xFF, (await File.ReadAllBytesAsync(Path.Combine(_folder, set.Images[0].FileName)))[0]);   // a JPEG

        var result = await DetectorEvaluation.RunAsync(_folder, new Dictionary<string, string?>
        {
            ["SimulationDetector:Recall"] = "1", ["SimulationDetector:FalsePositiveRate"] = "0",
        }, CancellationToken.None);

        Assert.True(result.Simulation);
        Assert.Equal(set.Annotations.Count, result.Labels.Sum(m => m.GroundTruth));
        Assert.All(result.Labels, m => Assert.Equal((1.0, 1.0, 1.0), (m.Precision!.Value, m.Recall!.Value, m.AveragePrecision!.Value)));
        Assert.Equal(set.Annotations.Count, result.IncidentCandidates.Values.Sum() + result.Rejections.Values.Sum());
    }

    [Fact]
    public async Task A_blind_detector_finds_nothing_and_the_rules_get_nothing()
    {
        var set = SampleImageSet.Write(_folder, CategoryCatalog.Default, count: 3);
        var result = await DetectorEvaluation.RunAsync(_folder, new Dictionary<string, string?>
        {
            ["SimulationDetector:Recall"] = "0", ["SimulationDetector:FalsePositiveRate"] = "0",
        }, CancellationToken.None);

        Assert.All(result.Labels, m => Assert.Equal((0, 0.0, 0.0), (m.Detections, m.Recall!.Value, m.AveragePrecision!.Value)));
        Assert.Equal(set.Annotations.Count, result.Labels.Sum(m => m.GroundTruth));
        Assert.Empty(result.IncidentCandidates);
    }
}
