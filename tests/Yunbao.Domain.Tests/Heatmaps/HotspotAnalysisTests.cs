using Yunbao.Contracts.Geo;
using Yunbao.Domain.Geo;
using Yunbao.Domain.Heatmaps;

namespace Yunbao.Domain.Tests.Heatmaps;

public sealed class HotspotAnalysisTests
{
    private static readonly GeoBounds Lize = new(116.295, 39.855, 116.325, 39.875);

    private static List<GeoPoint> Uniform(Random rng, int count) =>
        Enumerable.Range(0, count).Select(_ => new GeoPoint(Lize.West + rng.NextDouble() * (Lize.East - Lize.West), Lize.South + rng.NextDouble() * (Lize.North - Lize.South))).ToList();

    [Fact]
    public void A_planted_cluster_is_the_top_hotspot_and_nothing_far_from_it_is_significant()
    {
        var rng = new Random(2026);
        var points = Uniform(rng, 400);
        var cluster = new GeoPoint(116.3072, 39.8618);
        for (var i = 0; i < 30; i++)
            points.Add(new GeoPoint(cluster.Lon + (rng.NextDouble() - 0.5) * 0.0008, cluster.Lat + (rng.NextDouble() - 0.5) * 0.0006));

        var result = HotspotAnalysis.Analyze(points, Lize, 100);

        Assert.InRange(result.Columns, 25, 27);
        Assert.InRange(result.Rows, 22, 23);
        Assert.Equal(430, result.Points);
        Assert.Equal(430, result.Cells.Sum(c => c.Count));
        // The cell holding the cluster is hot, and the strongest cell's 3×3 neighbourhood holds the cluster.
        Assert.Single(result.Cells, c => c.Bounds.Contains(cluster) && c.IsHotspot);
        var top = result.Hotspots.First();
        Assert.True(top.Center.DistanceTo(cluster) < 1.5 * 100 * Math.Sqrt(2), $"top hotspot at {top.Center}, {top.Center.DistanceTo(cluster):F0} m from the cluster");
        Assert.True(top.ZScore > 5 && top.QValue < 0.001);
        var far = result.Cells.Where(c => c.Significant && c.Center.DistanceTo(cluster) > 300).ToList();
        Assert.Empty(far);
    }

    [Fact]
    public void Uniform_noise_yields_no_significant_cells_after_fdr_but_would_without_it()
    {
        var result = HotspotAnalysis.Analyze(Uniform(new Random(7), 500), Lize, 100);
        Assert.DoesNotContain(result.Cells, c => c.Significant);
        // Hundreds of tests at 5 % each: uncorrected, chance alone flags some cells. That is what FDR is for.
        Assert.Contains(result.Cells, c => c.PValue < 0.05);
    }

    [Fact]
    public void Benjamini_hochberg_reproduces_the_papers_example()
    {
        // Benjamini & Hochberg (1995), §4: 15 p-values; at q = 0.05 the four smallest are rejected.
        double[] p = [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.0000];
        var shuffled = p.Reverse().ToArray();
        var (significant, q) = HotspotAnalysis.BenjaminiHochberg(shuffled, 0.05);
        Assert.Equal(4, significant.Count(s => s));
        for (var i = 0; i < shuffled.Length; i++)
            Assert.Equal(shuffled[i] <= 0.0095, significant[i]);
        Assert.Equal(0.0015, q[^1], 9);          // 0.0001 · 15 / 1
        Assert.All(q.Zip(shuffled), t => Assert.True(t.First >= t.Second));
    }

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(1.959963985, 0.05)]
    [InlineData(2.575829304, 0.01)]
    [InlineData(3.290526731, 0.001)]
    public void Two_sided_p_values_match_the_normal_table(double z, double p)
    {
        Assert.Equal(p, HotspotAnalysis.TwoSidedPValue(z), p * 1e-5 + 1e-9);
        Assert.Equal(p, HotspotAnalysis.TwoSidedPValue(-z), p * 1e-5 + 1e-9);
    }

    [Fact]
    public void A_neighbourhood_covering_the_whole_grid_is_never_special()
    {
        // Gi* compares a neighbourhood with the whole: when they are the same, z is 0.
        var rng = new Random(1);
        var result = HotspotAnalysis.Analyze(Uniform(rng, 50), Lize, 1200, new HotspotOptions { NeighbourhoodCells = 5 });
        Assert.True(result.Columns <= 3 && result.Rows <= 3);
        Assert.All(result.Cells, c => Assert.Equal(0, c.ZScore, 9));
    }

    [Fact]
    public void Points_outside_the_bounds_are_ignored_and_bad_input_is_rejected()
    {
        var result = HotspotAnalysis.Analyze([new GeoPoint(0, 0), new GeoPoint(116.31, 39.865)], Lize, 200);
        Assert.Equal(1, result.Points);
        Assert.Throws<ArgumentOutOfRangeException>(() => HotspotAnalysis.Analyze([], Lize, 0));
        Assert.Throws<ArgumentException>(() => HotspotAnalysis.Analyze([], Lize, 0.01));
    }
}
