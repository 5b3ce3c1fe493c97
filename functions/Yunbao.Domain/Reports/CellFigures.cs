namespace Yunbao.Domain.Reports;

/// <summary>One category on one street: the unit a focus problem is chosen from.</summary>
public sealed record CellFigures(string CategoryCode, string StreetId, ReportFigures Figures, int Recurrences);
