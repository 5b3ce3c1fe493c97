using System.Net;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Yunbao.Application.Ports;

namespace Yunbao.Infrastructure.Storage;

/// <summary>Monthly reports in the `reports` container: `{yyyy-MM}.json` and `{yyyy-MM}.csv`.</summary>
public sealed class BlobReportStore(BlobContainerClient reports) : IReportStore
{
    public Task WriteAsync(string name, string content, string contentType, CancellationToken ct) =>
        reports.GetBlobClient(Check(name)).UploadAsync(BinaryData.FromString(content), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType, CacheControl = "no-cache" },
        }, ct);

    public async Task<string?> ReadAsync(string name, CancellationToken ct)
    {
        try { return (await reports.GetBlobClient(Check(name)).DownloadContentAsync(ct)).Value.Content.ToString(); }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound) { return null; }
    }

    private static string Check(string name) =>
        name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.') && !name.Contains("..", StringComparison.Ordinal)
            ? name : throw new ArgumentException($"'{name}' is not a report name.", nameof(name));
}
