namespace Yunbao.Domain.Reports;

/// <summary>A street's figures: every incident and order counts on the street nearest to it.</summary>
public sealed record StreetFigures(string StreetId, string NameZh, string NameEn, ReportFigures Figures);
