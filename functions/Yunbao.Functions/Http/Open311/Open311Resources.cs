using System.Globalization;
using Yunbao.Application.Citizens;
using Yunbao.Domain.Catalog;
using Yunbao.Domain.Citizens;

namespace Yunbao.Functions.Http.Open311;

/// <summary>The catalog and citizen requests as Open311's objects, field by field in the spec's order. No contact field exists here.</summary>
public static class Open311Resources
{
    public static Open311Fields Service(ViolationCategory c, bool english)
    {
        var group = CitizenServices.GroupOf(c.Code);
        var keywords = new[] { c.NameZh, c.NameEn }.Concat(c.EvidenceLabels).Distinct(StringComparer.OrdinalIgnoreCase);
        return new Open311Fields()
            .Add("service_code", c.Code)
            .Add("service_name", english ? c.NameEn : c.NameZh)
            .Add("description", english
                ? Invariant($"{c.NameEn} ({c.NameZh}): a steward is dispatched within {c.DispatchSlaMinutes} min and it is fixed within {c.ResolveSlaMinutes} min.")
                : Invariant($"{c.NameZh}（{c.NameEn}）：{c.DispatchSlaMinutes} 分钟内派单，{c.ResolveSlaMinutes} 分钟内处置。"))
            .Add("metadata", CitizenServices.AttributesOf(c.Code).Count > 0)
            .Add("type", "realtime")
            .Add("keywords", string.Join(",", keywords))
            .Add("group", english ? group.En : group.Zh);
    }

    public static Open311Fields Definition(ViolationCategory c, bool english) =>
        new Open311Fields()
            .Add("service_code", c.Code)
            .Add("attributes", new Open311List("attribute", CitizenServices.AttributesOf(c.Code).Select(a => new Open311Fields()
                .Add("variable", true)
                .Add("code", a.Code)
                .Add("datatype", a.Datatype)
                .Add("required", a.Required)
                .Add("datatype_description", a.Datatype switch
                {
                    "number" => "a number, e.g. 12.5",
                    "datetime" => "an ISO 8601 time, e.g. 2026-11-25T08:00:00+08:00",
                    "multivaluelist" => "one or more of the keys",
                    "singlevaluelist" => "one of the keys",
                    _ => null,
                })
                .Add("order", a.Order)
                .Add("description", english ? a.DescriptionEn : a.DescriptionZh)
                .Add("values", new Open311List("value", a.Values.Select(v => new Open311Fields().Add("key", v.Key).Add("name", english ? v.NameEn : v.NameZh)).ToList())))
                .ToList()));

    public static Open311Fields Request(CitizenRequestView r, ViolationCategory c, string agency, bool english, TimeZoneInfo zone)
    {
        var fields = new Open311Fields()
            .Add("service_request_id", r.RequestId)
            .Add("status", r.Status.Open ? "open" : "closed")
            .Add("status_notes", r.Status.Notes(english))
            .Add("service_name", english ? c.NameEn : c.NameZh)
            .Add("service_code", c.Code)
            .Add("description", r.Description)
            .Add("agency_responsible", agency)
            .Add("service_notice", Notice(r, c, english, zone))
            .Add("requested_datetime", r.RequestedAt)
            .Add("updated_datetime", r.Status.UpdatedAt)
            .Add("expected_datetime", r.ExpectedAt)
            .Add("address", r.Address)
            .Add("address_id", null)
            .Add("zipcode", null)
            .Add("lat", r.Location.Lat)
            .Add("long", r.Location.Lon)
            .Add("media_url", r.MediaUrl);
        // Yunbao's label for the local runner's simulated citizens; real requests carry no extra field.
        if (r.Simulated) fields.Add("simulated", true);
        return fields;
    }

    /// <summary>The POST's answer: the request id and the SLA notice (account_id is not echoed: it is the caller's own data).</summary>
    public static Open311Fields Created(CitizenRequestView r, ViolationCategory c, bool english, TimeZoneInfo zone) =>
        new Open311Fields()
            .Add("service_request_id", r.RequestId)
            .Add("service_notice", Notice(r, c, english, zone))
            .Add("account_id", null);

    public static string Notice(CitizenRequestView r, ViolationCategory c, bool english, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(r.ExpectedAt, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        return english
            ? Invariant($"Expected to be fixed by {local} local time (within {c.ResolveSlaMinutes} min of the report).")
            : Invariant($"预计 {local} 前处置完毕（{c.ResolveSlaMinutes} 分钟内）。");
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

}
