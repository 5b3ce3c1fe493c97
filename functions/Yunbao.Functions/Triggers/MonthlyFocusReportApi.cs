using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Yunbao.Application.Reports;
using Yunbao.Domain.Reports;
using Yunbao.Functions.Http;

namespace Yunbao.Functions.Triggers;

/// <summary>
/// 每月一题: the timer writes last month's report at 00:30 UTC on the 1st (08:30 in Beijing, after the month closed
/// locally); the route reads any month's (computing and storing it when absent or when refresh=true), as JSON or CSV.
/// </summary>
public sealed class MonthlyFocusReportApi(MonthlyFocusReports reports, HttpApi api, TimeProvider clock)
{
    [Function("MonthlyFocusReportTimer")]
    public async Task Run([TimerTrigger("0 30 0 1 * *")] TimerInfo timer, CancellationToken ct)
    {
        var (year, month) = reports.PreviousMonth(clock.GetUtcNow());
        await reports.GenerateAsync(year, month, ct);
    }

    [Function("GetMonthlyFocusReport")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "reports/monthly/{month}")] HttpRequest req, string month, CancellationToken ct) =>
        api.HandleAsync(req, async _ =>
        {
            if (!DateTime.TryParseExact(month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var m) || m.Year < 2000 || m.Year > 2100)
                return Problems.Invalid(req, "month", "Expected a month as yyyy-MM, e.g. 2026-11.");
            var format = req.Query["format"].ToString();
            if (format is not ("" or "json" or "csv")) return Problems.Invalid(req, "format", "json (the default) or csv.");
            var refresh = string.Equals(req.Query["refresh"], "true", StringComparison.OrdinalIgnoreCase);
            var report = (refresh ? null : await reports.ReadAsync(month, ct)) ?? await reports.GenerateAsync(m.Year, m.Month, ct);
            return format == "csv"
                ? new ApiResult(StatusCodes.Status200OK, Encoding.UTF8.GetBytes(MonthlyFocusCalculator.ToCsv(report)), "text/csv; charset=utf-8")
                : ApiResult.Json(report);
        }, Roles.Dispatcher, Roles.Operator);
}
