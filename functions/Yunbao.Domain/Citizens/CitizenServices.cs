using System.Globalization;

namespace Yunbao.Domain.Citizens;

/// <summary>
/// What the catalog's categories look like as Open311 services: the group each belongs to and the extra questions
/// (attributes) a few of them ask. The categories themselves (codes, names, SLAs) stay in the catalog.
/// </summary>
public static class CitizenServices
{
    /// <summary>Attribute any client may send: the sending system's own ticket id, which makes its retries idempotent.</summary>
    public const string TicketIdAttribute = "ticket_id";

    public static readonly IReadOnlyList<string> Datatypes = ["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"];

    private static readonly Dictionary<string, (string Zh, string En)> s_groups = new(StringComparer.Ordinal)
    {
        ["illegal-parking"] = ("交通秩序", "Traffic order"),
        ["bicycle-disorder"] = ("交通秩序", "Traffic order"),
        ["street-laundry"] = ("街面秩序", "Street order"),
        ["umbrella-stall"] = ("街面秩序", "Street order"),
        ["street-vending"] = ("街面秩序", "Street order"),
        ["out-of-store-business"] = ("街面秩序", "Street order"),
        ["illegal-banner"] = ("街面秩序", "Street order"),
        ["material-stacking"] = ("街面秩序", "Street order"),
        ["construction-occupation"] = ("街面秩序", "Street order"),
        ["garbage-overflow"] = ("环境卫生", "Sanitation"),
        ["exposed-garbage"] = ("环境卫生", "Sanitation"),
        ["road-damage"] = ("市政设施", "Public works"),
        ["manhole-cover"] = ("市政设施", "Public works"),
        ["waterlogging"] = ("市政设施", "Public works"),
    };

    private static readonly Dictionary<string, IReadOnlyList<CitizenAttribute>> s_attributes = new(StringComparer.Ordinal)
    {
        ["road-damage"] =
        [
            new() { Code = "size", Datatype = "singlevaluelist", Required = true, Order = 1, DescriptionZh = "破损大小", DescriptionEn = "Size of the damage",
                Values = [("small", "小于脸盆", "smaller than a basin"), ("medium", "约一米", "about a metre"), ("large", "大于一米", "larger than a metre")] },
            new() { Code = "lane_blocked", Datatype = "singlevaluelist", Required = false, Order = 2, DescriptionZh = "是否阻断车道", DescriptionEn = "Is a lane blocked?",
                Values = [("yes", "是", "yes"), ("no", "否", "no")] },
        ],
        ["waterlogging"] =
        [
            new() { Code = "depth_cm", Datatype = "number", Required = false, Order = 1, DescriptionZh = "积水深度（厘米）", DescriptionEn = "Water depth (cm)" },
        ],
        ["garbage-overflow"] =
        [
            new() { Code = "bin_types", Datatype = "multivaluelist", Required = false, Order = 1, DescriptionZh = "满溢的垃圾桶", DescriptionEn = "Which bins overflow",
                Values = [("kitchen", "厨余垃圾", "kitchen waste"), ("recyclable", "可回收物", "recyclables"), ("other", "其他垃圾", "other waste")] },
        ],
        ["street-vending"] =
        [
            new() { Code = "first_seen", Datatype = "datetime", Required = false, Order = 1, DescriptionZh = "首次看到的时间", DescriptionEn = "When you first saw it" },
            new() { Code = "stall_count", Datatype = "number", Required = false, Order = 2, DescriptionZh = "摊位数量", DescriptionEn = "Number of stalls" },
        ],
        ["construction-occupation"] =
        [
            new() { Code = "contractor", Datatype = "string", Required = false, Order = 1, DescriptionZh = "施工单位（围挡上的名称）", DescriptionEn = "Contractor (name on the hoarding)" },
            new() { Code = "details", Datatype = "text", Required = false, Order = 2, DescriptionZh = "占道情况", DescriptionEn = "How the road is occupied" },
        ],
    };

    public static (string Zh, string En) GroupOf(string categoryCode) =>
        s_groups.TryGetValue(categoryCode, out var g) ? g : ("其他", "Other");

    public static IReadOnlyList<CitizenAttribute> AttributesOf(string categoryCode) =>
        s_attributes.TryGetValue(categoryCode, out var a) ? a : [];

    /// <summary>
    /// Checks attribute answers against a category's definitions: required ones present, numbers and datetimes parse,
    /// list answers among the keys, one value unless multivaluelist. Unknown codes are refused, except the ticket id.
    /// </summary>
    public static IReadOnlyList<string> Validate(string categoryCode, IReadOnlyDictionary<string, IReadOnlyList<string>> answers)
    {
        var problems = new List<string>();
        var defined = AttributesOf(categoryCode);
        foreach (var a in defined)
        {
            if (!answers.TryGetValue(a.Code, out var values) || values.Count == 0 || values.All(string.IsNullOrWhiteSpace))
            {
                if (a.Required) problems.Add($"attribute[{a.Code}] is required for {categoryCode}.");
                continue;
            }
            if (a.Datatype != "multivaluelist" && values.Count > 1) problems.Add($"attribute[{a.Code}] takes one value.");
            foreach (var v in values)
            {
                var ok = a.Datatype switch
                {
                    "number" => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d),
                    "datetime" => DateTimeOffset.TryParse(v, CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
                    "singlevaluelist" or "multivaluelist" => a.Values.Any(x => x.Key == v),
                    _ => true,
                };
                if (!ok) problems.Add($"attribute[{a.Code}] '{Clip(v)}' is not a valid {a.Datatype}"
                    + (a.Values.Count > 0 ? $" (one of {string.Join(", ", a.Values.Select(x => x.Key))})." : "."));
            }
        }
        foreach (var code in answers.Keys)
            if (code != TicketIdAttribute && defined.All(a => a.Code != code))
                problems.Add($"attribute[{Clip(code)}] is not an attribute of {categoryCode}.");
        return problems;
    }

    private static string Clip(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
