namespace Yunbao.Domain.Reports;

public sealed record CategoryFigures(string CategoryCode, string NameZh, string NameEn, ReportFigures Figures);
