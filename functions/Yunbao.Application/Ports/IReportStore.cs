namespace Yunbao.Application.Ports;

/// <summary>Where monthly reports go (Blob `reports/{yyyy-MM}.json` and `.csv`). A report is derived data: a rerun overwrites it.</summary>
public interface IReportStore
{
    Task WriteAsync(string name, string content, string contentType, CancellationToken ct);
    /// <summary>The stored text, or null when there is none.</summary>
    Task<string?> ReadAsync(string name, CancellationToken ct);
}
