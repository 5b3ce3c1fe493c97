using Microsoft.Extensions.Logging;
using Yunbao.Contracts.Frames;
using Yunbao.Edge.IotHub;

namespace Yunbao.Edge.Modules;

/// <summary>
/// One frame from capture to blob: take the picture, upload it through IoT Hub file upload with its capture metadata, as
/// the vehicle's DEVICE identity (<see cref="DeviceFileUploader"/>): IoT Hub refuses file upload to module identities.
/// </summary>
public static class FrameUpload
{
    /// <summary>Returns the blob name in `frames`, or null when the camera had no picture or the upload failed (logged; the module goes on capturing).</summary>
    public static async Task<string?> UploadAsync(DeviceFileUploader uploader, IFrameSource frames, FrameCapture capture, ILogger logger, CancellationToken cancellationToken)
    {
        FrameImage image;
        try { image = await frames.CaptureAsync(capture, cancellationToken); }
        catch (FrameUnavailableException ex)
        {
            logger.LogWarning("Frame {frameId} of {deviceId} not taken: {reason}", capture.BlobName, capture.DeviceId, ex.Message);
            return null;
        }
        var metadata = CaptureMetadata.For(capture, image.ExtraMetadata);
        // IoT Hub puts the blob under "{deviceId}/": send the name without it.
        var name = FrameBlobNames.WithoutDevicePrefix(capture.BlobName, capture.DeviceId);
        try
        {
            using var content = new MemoryStream(image.Jpeg.ToArray(), writable: false);
            var result = await uploader.UploadAsync(name, content, image.ContentType, metadata, cancellationToken);
            logger.LogDebug("Frame {frameId} of {deviceId} uploaded", result.BlobName, capture.DeviceId);
            return result.BlobName;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Frame {frameId} of {deviceId} could not be uploaded", capture.BlobName, capture.DeviceId);
            return null;
        }
    }
}
