using System.Net;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Yunbao.Application;
using Yunbao.Application.Ports;
using Yunbao.Contracts.Validation;

namespace Yunbao.Infrastructure.Storage;

/// <summary>Stewards' photos in the private `evidence` container (no public access: the API streams them).</summary>
public sealed class BlobEvidenceStore(BlobContainerClient evidence) : IEvidenceStore
{
    public async Task SaveAsync(string blobName, ReadOnlyMemory<byte> bytes, string contentType, CancellationToken ct)
    {
        Check(blobName);
        // Create-only (If-None-Match: *): a photo key is never reused, so an existing blob is never overwritten.
        await evidence.GetBlobClient(blobName).UploadAsync(BinaryData.FromBytes(bytes), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
        }, ct);
    }

    public async Task<EvidenceImage?> ReadAsync(string blobName, CancellationToken ct)
    {
        Check(blobName);
        try
        {
            var download = (await evidence.GetBlobClient(blobName).DownloadContentAsync(ct)).Value;
            return new EvidenceImage(download.Content.ToMemory(), download.Details.ContentType ?? "application/octet-stream");
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private static void Check(string blobName)
    {
        if (BlobPath.Problem(blobName) is { } problem) throw new UnprocessableInputException($"Evidence blob name refused before any storage call: {problem}.");
    }
}
