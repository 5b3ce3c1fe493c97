using System.Globalization;
using Yunbao.Contracts.Simulation;
using Yunbao.Domain.Evaluation;
using Yunbao.Edge.Simulator.World;

namespace Yunbao.DevHost;

/// <summary>The end-of-run scorecard: the world's violations as simulated ground truth, and the table printed under the summary.</summary>
public static class ScorecardPrinter
{
    public static SimulatedGroundTruth GroundTruthOf(WorldModel world, string districtId, DateTimeOffset from, DateTimeOffset to) =>
        new(districtId, from, to, world.All
            .Select(v => new GroundTruthViolation(v.Id, v.CategoryCode, v.Position.Lon, v.Position.Lat, v.Start, End(v)))
            .ToList());

    // The earlier of a steward's fix and the natural end.
    private static DateTimeOffset? End(Violation v) =>
        v.ResolvedAt is { } r && (v.NaturalEnd is null || r < v.NaturalEnd) ? r : v.NaturalEnd;

    public static void Print(PipelineScorecard? card, TextWriter output)
    {
        if (card is null)
        {
            output.WriteLine("  scorecard      none (no simulated ground truth recorded)");
            return;
        }
        output.WriteLine();
        output.WriteLine($"Scorecard vs {card.Label}");
        output.WriteLine($"  {"",-26} {"present",7} {"caught",6} {"missed",6} {"orders",6} {"false",5} {"prec",5} {"recall",6} {"F1",5}");
        foreach (var row in card.ByCategory.Append(card.Overall)) Line(output, row);
        output.WriteLine("  by source (each source against all violations):");
        foreach (var row in card.BySource) Line(output, row);
        output.WriteLine($"  violation start → order   {Minutes(card.StartToOrder)}");
        output.WriteLine($"  order → verified close    {Minutes(card.OrderToVerified)}");
        output.WriteLine($"  dedupe                    {card.Dedupe.MergedOrders} orders merged {card.Dedupe.MergedOrders + card.Dedupe.ViolationsMergedAway} violations " +
            $"(should have been separate), {card.Dedupe.SplitViolations} violations split over {card.Dedupe.SplitViolations + card.Dedupe.ExtraOrders} orders (should have been one)");
        output.WriteLine("  matching rules: tools/Yunbao.DevHost/README.md#scorecard; also GET /api/scorecard");
    }

    private static void Line(TextWriter output, ScorecardRow r) =>
        output.WriteLine($"  {r.Key,-26} {r.Present,7} {r.Caught,6} {r.Missed,6} {r.Orders,6} {r.FalseOrders,5} {Rate(r.Precision),5} {Rate(r.Recall),6} {Rate(r.F1),5}");

    private static string Rate(double? x) => x is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "-";

    private static string Minutes(DurationStats d) => d.Count == 0 ? "none"
        : string.Create(CultureInfo.InvariantCulture, $"median {d.MedianMinutes:0} min, p90 {d.P90Minutes:0} min (n={d.Count})");
}
