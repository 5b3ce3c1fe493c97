using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yunbao.Application.Ports;
using Yunbao.Contracts;
using Yunbao.Domain.Catalog;
using Yunbao.Domain.Geo;
using Yunbao.Domain.Incidents;
using Yunbao.Domain.Reports;
using Yunbao.Domain.WorkOrders;

namespace Yunbao.Application.Reports;

/// <summary>
/// 每月一题: loads a month and the one before it, computes the report (with last month's stored focus followed up) and
/// writes reports/{yyyy-MM}.json and .csv. Orders are those updated since a month before the previous month began, so
/// an order fixed this month and a spot resolved last month are both seen.
/// </summary>
public sealed class MonthlyFocusReports(
    IIncidentRepository incidents,
    IWorkOrderRepository orders,
    IReportStore store,
    CategoryCatalog catalog,
    StreetNetwork streets,
    IOptions<DistrictOptions> district,
    TimeProvider clock,
    ILogger<MonthlyFocusReports> logger)
{
    public static string JsonName(string month) => month + ".json";
    public static string CsvName(string month) => month + ".csv";

    /// <summary>The month before the one <paramref name="now"/> falls in, in the district's time zone (what the timer on the 1st reports).</summary>
    public (int Year, int Month) PreviousMonth(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, Zone).AddMonths(-1);
        return (local.Year, local.Month);
    }

    public async Task<MonthlyFocusReport> GenerateAsync(int year, int month, CancellationToken ct)
    {
        var zone = Zone;
        var (from, to) = MonthlyFocusCalculator.MonthBounds(year, month, zone);
        var previousMonth = TimeZoneInfo.ConvertTime(from.AddDays(-1), zone);
        var (prevFrom, _) = MonthlyFocusCalculator.MonthBounds(previousMonth.Year, previousMonth.Month, zone);
        var d = district.Value.DistrictId;

        var seen = new List<Incident>();
        await foreach (var i in incidents.ListObservedBetweenAsync(d, prevFrom, to, ct)) seen.Add(i);
        var loaded = new List<WorkOrder>();
        var query = new WorkOrderQuery { DistrictId = d, Since = prevFrom.AddMonths(-1), PageSize = 200 };
        do
        {
            var page = await orders.QueryAsync(query, ct);
            loaded.AddRange(page.Items.Where(o => o.CreatedAt < to));
            query = query with { ContinuationToken = page.ContinuationToken };
        }
        while (query.ContinuationToken is not null);

        var previousText = await store.ReadAsync(JsonName(MonthlyFocusCalculator.MonthText(previousMonth.Year, previousMonth.Month)), ct);
        var previous = previousText is null ? null : JsonSerializer.Deserialize<MonthlyFocusReport>(previousText, YunbaoJson.Options);

        var report = new MonthlyFocusCalculator(catalog, streets).Compute(d, year, month, zone, seen, loaded, previous, clock.GetUtcNow());
        await store.WriteAsync(JsonName(report.Month), JsonSerializer.Serialize(report, YunbaoJson.Options), "application/json; charset=utf-8", ct);
        await store.WriteAsync(CsvName(report.Month), MonthlyFocusCalculator.ToCsv(report), "text/csv; charset=utf-8", ct);
        logger.LogInformation("Monthly focus report {Month} for {DistrictId}: {Incidents} incidents, {Orders} orders, focus {Category} on {StreetId} (simulated {Simulated})",
            report.Month, d, report.Totals.Total, report.Totals.OrdersOpened, report.Focus?.CategoryCode, report.Focus?.StreetId, report.Simulated);
        return report;
    }

    /// <summary>The stored report of a month, or null.</summary>
    public async Task<MonthlyFocusReport?> ReadAsync(string month, CancellationToken ct) =>
        await store.ReadAsync(JsonName(month), ct) is { } text ? JsonSerializer.Deserialize<MonthlyFocusReport>(text, YunbaoJson.Options) : null;

    private TimeZoneInfo Zone => DistrictTime.Resolve(district.Value.TimeZone);
}
