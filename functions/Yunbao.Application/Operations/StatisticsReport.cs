namespace Yunbao.Application.Operations;

/// <summary>
/// What happened to work orders from <see cref="From"/> to <see cref="To"/> (both included): opened and closed by category and source,
/// median minutes from opening to dispatch / accept / resolve, SLA compliance (null: nothing to judge yet) and the
/// places problems come back to.
/// </summary>
public sealed record StatisticsReport(
    DateTimeOffset From, DateTimeOffset To, DateTimeOffset Now,
    int Opened, int Closed,
    IReadOnlyDictionary<string, int> OpenedByCategory, IReadOnlyDictionary<string, int> OpenedBySource,
    IReadOnlyDictionary<string, int> ClosedByCategory,
    double? MedianMinutesToDispatch, double? MedianMinutesToAccept, double? MedianMinutesToResolve,
    double? DispatchSlaCompliance, double? ResolveSlaCompliance,
    int RepeatOrders, IReadOnlyList<RepeatLocation> RepeatLocations);
