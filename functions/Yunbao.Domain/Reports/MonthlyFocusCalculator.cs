using System.Globalization;
using System.Text;
using Yunbao.Contracts;
using Yunbao.Contracts.Frames;
using Yunbao.Contracts.Geo;
using Yunbao.Domain.Catalog;
using Yunbao.Domain.Geo;
using Yunbao.Domain.Incidents;
using Yunbao.Domain.WorkOrders;

namespace Yunbao.Domain.Reports;

/// <summary>
/// 每月一题, the figures: incidents (every sighting, by source) and work orders of a district's month, per category,
/// per street (the nearest street of the district data) and per category on a street; recurring spots; and the
/// proposed focus problem, the category on a street with the highest citizen complaints weighted by recurrence and
/// trend. Pure: the caller loads the month and the month before it.
/// </summary>
public sealed class MonthlyFocusCalculator(CategoryCatalog catalog, StreetNetwork streets)
{
    /// <summary>A recurrence adds half a complaint's weight per complaint: a problem that keeps coming back outranks one that does not.</summary>
    public const double RecurrenceWeight = 0.5;
    public const double MinTrend = 0.5;
    public const double MaxTrend = 2.0;

    private static readonly string[] Sources = Enum.GetValues<EventSource>().Select(s => YunbaoJson.EnumText(s)).ToArray();

    /// <summary>The month as an instant range [from, to): local midnight of the 1st to local midnight of the next 1st.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) MonthBounds(int year, int month, TimeZoneInfo zone)
    {
        static DateTimeOffset Start(DateTime local, TimeZoneInfo z) => new(local, z.GetUtcOffset(local));
        var first = new DateTime(year, month, 1, 0, 0, 0, DateTimeKind.Unspecified);
        return (Start(first, zone), Start(first.AddMonths(1), zone));
    }

    public static string MonthText(int year, int month) => string.Create(CultureInfo.InvariantCulture, $"{year:D4}-{month:D2}");

    public MonthlyFocusReport Compute(string districtId, int year, int month, TimeZoneInfo zone, IReadOnlyList<Incident> incidents,
        IReadOnlyList<WorkOrder> orders, MonthlyFocusReport? previous, DateTimeOffset generatedAt)
    {
        var (from, to) = MonthBounds(year, month, zone);
        var (prevFrom, _) = MonthBounds(from.AddDays(-1).Year, TimeZoneInfo.ConvertTime(from.AddDays(-1), zone).Month, zone);
        bool In(DateTimeOffset t) => t >= from && t < to;
        var streetOf = new Dictionary<GeoPoint, Street>();
        Street StreetAt(GeoPoint p) => streetOf.TryGetValue(p, out var s) ? s : streetOf[p] = streets.Nearest(p).Street;

        var current = incidents.Where(i => In(i.ObservedAt) && i.DistrictId == districtId).ToList();
        var before = incidents.Where(i => i.ObservedAt >= prevFrom && i.ObservedAt < from && i.DistrictId == districtId).ToList();
        var opened = orders.Where(o => In(o.CreatedAt)).ToList();
        var resolved = orders.Where(o => o.ResolvedAt is { } r && In(r)).ToList();
        var spots = RecurringSpots(orders, In, StreetAt);

        ReportFigures Slice(Func<string, Street, bool> keep) => Figures(
            current.Where(i => keep(i.CategoryCode, StreetAt(i.Location))).ToList(),
            before.Where(i => keep(i.CategoryCode, StreetAt(i.Location))).ToList(),
            opened.Count(o => keep(o.CategoryCode, StreetAt(o.Location))),
            resolved.Where(o => keep(o.CategoryCode, StreetAt(o.Location))).ToList());

        var categories = catalog.All.Select(c => new CategoryFigures(c.Code, c.NameZh, c.NameEn, Slice((code, _) => code == c.Code))).ToList();
        var streetRows = streets.Streets.Select(s => new StreetFigures(s.Id, s.NameZh, s.NameEn, Slice((_, st) => st.Id == s.Id))).ToList();
        // Only cells where something happened (in either month): 14 categories × every street would be mostly zeros.
        var cellKeys = current.Concat(before).Select(i => (CategoryCode: i.CategoryCode, Id: StreetAt(i.Location).Id))
            .Concat(opened.Concat(resolved).Select(o => (CategoryCode: o.CategoryCode, Id: StreetAt(o.Location).Id)))
            .Concat(spots.Select(s => (CategoryCode: s.CategoryCode, Id: s.StreetId)))
            .Distinct().OrderBy(k => k.CategoryCode, StringComparer.Ordinal).ThenBy(k => k.Id, StringComparer.Ordinal);
        var cells = cellKeys.Select(k => new CellFigures(k.CategoryCode, k.Id, Slice((code, st) => code == k.CategoryCode && st.Id == k.Id),
            spots.Where(s => s.CategoryCode == k.CategoryCode && s.StreetId == k.Id).Sum(s => s.Recurrences))).ToList();

        return new MonthlyFocusReport
        {
            Month = MonthText(year, month),
            DistrictId = districtId,
            TimeZone = zone.Id,
            From = from,
            To = to,
            GeneratedAt = generatedAt,
            Simulated = current.Concat(before).Any(i => i.Simulated),
            Totals = Slice((_, _) => true),
            Categories = categories,
            Streets = streetRows,
            Cells = cells,
            RecurringSpots = spots,
            Focus = Propose(cells),
            PreviousFocus = previous?.Focus is { } f ? FollowUp(previous.Month, f, cells) : null,
        };
    }

    private static ReportFigures Figures(List<Incident> current, List<Incident> before, int opened, List<WorkOrder> resolved)
    {
        var minutes = resolved.Select(o => (o.ResolvedAt!.Value - o.ClockStartedAt).TotalMinutes).Order().ToList();
        return new ReportFigures
        {
            BySource = Sources.ToDictionary(s => s, s => current.Count(i => YunbaoJson.EnumText(i.Source) == s)),
            Total = current.Count,
            PreviousTotal = before.Count,
            ChangePct = Change(current.Count, before.Count),
            CitizenCount = current.Count(i => i.Source == EventSource.Citizen),
            PreviousCitizenCount = before.Count(i => i.Source == EventSource.Citizen),
            OrdersOpened = opened,
            OrdersResolved = resolved.Count,
            MedianResolveMinutes = minutes.Count == 0 ? null
                : Math.Round(minutes.Count % 2 == 1 ? minutes[minutes.Count / 2] : (minutes[minutes.Count / 2 - 1] + minutes[minutes.Count / 2]) / 2, 1),
            SlaCompliancePct = resolved.Count == 0 ? null : Math.Round(100.0 * resolved.Count(o => o.ResolvedAt <= o.ResolveDueAt) / resolved.Count, 1),
        };
    }

    private static double? Change(int now, int then) => then == 0 ? null : Math.Round(100.0 * (now - then) / then, 1);

    /// <summary>
    /// Recurrences in the month: an order reopened (the problem was back after it was resolved), or a new order of the
    /// same category within the category's dedupe radius of an order resolved before it opened. A spot is named by its
    /// earliest order; its recurrences are counted once each.
    /// </summary>
    private List<RecurringSpot> RecurringSpots(IReadOnlyList<WorkOrder> orders, Func<DateTimeOffset, bool> inMonth, Func<GeoPoint, Street> streetAt)
    {
        static DateTimeOffset? FirstResolved(WorkOrder o) =>
            o.Events.Where(e => e.Type == WorkOrderEventTypes.Resolved).Select(e => (DateTimeOffset?)e.At).Min();
        var byCategory = orders.GroupBy(o => o.CategoryCode);
        var spots = new List<RecurringSpot>();
        foreach (var group in byCategory)
        {
            if (!catalog.TryGet(group.Key, out var category)) continue;
            var list = group.OrderBy(o => o.CreatedAt).ThenBy(o => o.Id, StringComparer.Ordinal).ToList();
            var hits = new List<(WorkOrder Anchor, WorkOrder Order)>();
            foreach (var o in list)
            {
                var anchor = list.First(p => p.CreatedAt <= o.CreatedAt && p.Location.DistanceTo(o.Location) <= category.DedupeRadiusMeters);
                foreach (var _ in o.Events.Where(e => e.Type == WorkOrderEventTypes.Reopened && inMonth(e.At))) hits.Add((anchor, o));
                if (inMonth(o.CreatedAt) && list.Any(p => p.Id != o.Id && FirstResolved(p) < o.CreatedAt && p.Location.DistanceTo(o.Location) <= category.DedupeRadiusMeters))
                    hits.Add((anchor, o));
            }
            foreach (var spot in hits.GroupBy(h => h.Anchor.Id))
            {
                var anchor = spot.First().Anchor;
                var street = streetAt(anchor.Location);
                spots.Add(new RecurringSpot
                {
                    CategoryCode = category.Code, StreetId = street.Id, StreetNameZh = street.NameZh, StreetNameEn = street.NameEn,
                    Lon = anchor.Location.Lon, Lat = anchor.Location.Lat, Recurrences = spot.Count(),
                    WorkOrderIds = spot.Select(h => h.Order).Prepend(anchor).DistinctBy(o => o.Id).OrderBy(o => o.CreatedAt).Select(o => o.Id).ToList(),
                });
            }
        }
        return spots.OrderByDescending(s => s.Recurrences).ThenBy(s => s.CategoryCode, StringComparer.Ordinal).ThenBy(s => s.StreetId, StringComparer.Ordinal).ToList();
    }

    private FocusProposal? Propose(IReadOnlyList<CellFigures> cells)
    {
        var best = cells.Where(c => c.Figures.CitizenCount > 0)
            .Select(c => (Cell: c, Trend: Trend(c.Figures), Score: Score(c)))
            .OrderByDescending(x => x.Score).ThenByDescending(x => x.Cell.Figures.CitizenCount)
            .ThenBy(x => x.Cell.CategoryCode, StringComparer.Ordinal).ThenBy(x => x.Cell.StreetId, StringComparer.Ordinal)
            .FirstOrDefault();
        if (best.Cell is null) return null;
        var category = catalog.Get(best.Cell.CategoryCode);
        var street = streets.GetStreet(best.Cell.StreetId);
        var f = best.Cell.Figures;
        return new FocusProposal
        {
            CategoryCode = category.Code, CategoryNameZh = category.NameZh, CategoryNameEn = category.NameEn,
            StreetId = street.Id, StreetNameZh = street.NameZh, StreetNameEn = street.NameEn,
            CitizenCount = f.CitizenCount, PreviousCitizenCount = f.PreviousCitizenCount, Recurrences = best.Cell.Recurrences,
            Trend = best.Trend, Score = best.Score,
            ReasonZh = string.Create(CultureInfo.InvariantCulture,
                $"{street.NameZh}{category.NameZh}：本月市民诉求 {f.CitizenCount} 件（上月 {f.PreviousCitizenCount} 件），反复出现 {best.Cell.Recurrences} 次，全部来源共 {f.Total} 次发现。"),
            ReasonEn = string.Create(CultureInfo.InvariantCulture,
                $"{category.NameEn} on {street.NameEn}: {f.CitizenCount} citizen complaints this month ({f.PreviousCitizenCount} last month), back {best.Cell.Recurrences} times after being fixed, {f.Total} sightings from all sources."),
        };
    }

    private static double RawTrend(ReportFigures f) => Math.Clamp((f.CitizenCount + 1.0) / (f.PreviousCitizenCount + 1.0), MinTrend, MaxTrend);

    private static double Trend(ReportFigures f) => Math.Round(RawTrend(f), 3);

    private static double Score(CellFigures c) => Math.Round(c.Figures.CitizenCount * (1 + RecurrenceWeight * c.Recurrences) * RawTrend(c.Figures), 3);

    private static FocusFollowUp FollowUp(string month, FocusProposal focus, IReadOnlyList<CellFigures> cells)
    {
        var now = cells.FirstOrDefault(c => c.CategoryCode == focus.CategoryCode && c.StreetId == focus.StreetId);
        var count = now?.Figures.CitizenCount ?? 0;
        return new FocusFollowUp
        {
            Month = month, CategoryCode = focus.CategoryCode, StreetId = focus.StreetId,
            CitizenCountThen = focus.CitizenCount, CitizenCountNow = count, RecurrencesNow = now?.Recurrences ?? 0,
            Fell = count < focus.CitizenCount, ChangePct = Change(count, focus.CitizenCount),
        };
    }

    /// <summary>The cells as CSV (one row per category on a street, then per category, per street and the district: "*" marks the whole).</summary>
    public static string ToCsv(MonthlyFocusReport r)
    {
        var sb = new StringBuilder();
        sb.Append("month,category_code,street_id,total,previous_total,change_pct,").Append(string.Join(",", Sources))
          .Append(",citizen_count,previous_citizen_count,orders_opened,orders_resolved,median_resolve_minutes,sla_compliance_pct,recurrences\n");
        void Row(string category, string street, ReportFigures f, int? recurrences)
        {
            var fields = new List<string> { r.Month, category, street, N(f.Total), N(f.PreviousTotal), N(f.ChangePct) };
            fields.AddRange(Sources.Select(s => N(f.BySource[s])));
            fields.AddRange([N(f.CitizenCount), N(f.PreviousCitizenCount), N(f.OrdersOpened), N(f.OrdersResolved), N(f.MedianResolveMinutes), N(f.SlaCompliancePct), recurrences is { } x ? N(x) : ""]);
            sb.Append(string.Join(",", fields.Select(Csv))).Append('\n');
        }
        foreach (var c in r.Cells) Row(c.CategoryCode, c.StreetId, c.Figures, c.Recurrences);
        foreach (var c in r.Categories) Row(c.CategoryCode, "*", c.Figures, null);
        foreach (var s in r.Streets) Row("*", s.StreetId, s.Figures, null);
        Row("*", "*", r.Totals, r.RecurringSpots.Sum(s => s.Recurrences));
        return sb.ToString();
    }

    private static string N(int v) => v.ToString(CultureInfo.InvariantCulture);
    private static string N(double? v) => v?.ToString("0.###", CultureInfo.InvariantCulture) ?? "";
    private static string Csv(string s) => s.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
}
