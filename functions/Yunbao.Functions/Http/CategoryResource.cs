using Yunbao.Domain.Catalog;

namespace Yunbao.Functions.Http;

/// <summary>A category as pages show it: both names, severity and SLA minutes.</summary>
public sealed record CategoryResource(string Code, string NameZh, string NameEn, Severity Severity, int DispatchSlaMinutes, int ResolveSlaMinutes)
{
    public static CategoryResource From(ViolationCategory c) => new(c.Code, c.NameZh, c.NameEn, c.DefaultSeverity, c.DispatchSlaMinutes, c.ResolveSlaMinutes);
}
