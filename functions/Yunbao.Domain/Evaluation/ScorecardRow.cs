namespace Yunbao.Domain.Evaluation;

/// <summary>
/// One line of the scorecard (a category, a source, or all): violations present and caught, orders true and false,
/// and the rates (null when undefined: no violations for recall, no orders for precision).
/// </summary>
public sealed record ScorecardRow(string Key, int Present, int Caught, int Missed, int Orders, int FalseOrders, double? Precision, double? Recall, double? F1)
{
    public static ScorecardRow Of(string key, int present, int caught, int orders, int falseOrders)
    {
        double? precision = orders == 0 ? null : (double)(orders - falseOrders) / orders;
        double? recall = present == 0 ? null : (double)caught / present;
        double? f1 = precision is { } p && recall is { } r ? (p + r == 0 ? 0 : 2 * p * r / (p + r)) : null;
        return new ScorecardRow(key, present, caught, present - caught, orders, falseOrders, precision, recall, f1);
    }
}
