using System.Net;
using Microsoft.Extensions.Logging;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Yunbao.Contracts;
using Yunbao.Contracts.Frames;
using Yunbao.Contracts.Validation;
using Yunbao.Domain.Detection;
using Yunbao.Application;
using Yunbao.Application.Ports;

namespace Yunbao.Infrastructure.Storage;

/// <summary>Frames in the `frames` container: image bytes with the capture context as blob metadata.</summary>
public sealed class BlobFrameStore(BlobContainerClient frames, ILogger<BlobFrameStore> logger) : IFrameStore
{
    public async Task<FrameContent?> ReadAsync(string blobName, CancellationToken ct)
    {
        // Second line of defence behind the Event Grid parser: a name that could leave the container never reaches the SDK.
        if (BlobPath.Problem(blobName) is { } problem)
            throw new UnprocessableInputException($"Frame blob name refused before any storage call: {problem}.");
        BlobDownloadResult download;
        try
        {
            download = (await frames.GetBlobClient(blobName).DownloadContentAsync(ct)).Value;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            logger.LogWarning("Frame {FrameId} not found in {Container}", blobName, frames.Name);
            return null;
        }

        var metadata = new Dictionary<string, string>(download.Details.Metadata, StringComparer.OrdinalIgnoreCase);
        FrameCapture capture;
        // The domain parks unusable frames by UnprocessableInputException; the contract codec does not know the domain.
        try { capture = FrameMetadataCodec.Parse(blobName, metadata); }
        catch (ContractFormatException e) { throw new UnprocessableInputException(e.Message); }
        return new FrameContent(capture, download.Content.ToMemory(), download.Details.ContentType ?? "application/octet-stream", metadata);
    }

    /// <summary>
    /// Uploads a frame with its capture metadata plus <paramref name="extraMetadata"/> (e.g. simulated ground truth).
    /// Overwrites: the blob name is the frame's identity, so re-uploading the same frame is harmless. Returns the ETag.
    /// </summary>
    public async Task<string> WriteFrameAsync(FrameCapture capture, ReadOnlyMemory<byte> image, string contentType,
        IReadOnlyDictionary<string, string>? extraMetadata, CancellationToken ct)
    {
        var metadata = FrameMetadataCodec.ToMetadata(capture);
        if (extraMetadata is not null)
            foreach (var (k, v) in extraMetadata) metadata[k] = v;

        var response = await frames.GetBlobClient(capture.BlobName).UploadAsync(BinaryData.FromBytes(image), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
            Metadata = metadata,
        }, ct);
        return response.Value.ETag.ToString();
    }
}
