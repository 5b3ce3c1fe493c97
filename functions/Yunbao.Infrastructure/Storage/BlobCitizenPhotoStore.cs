using System.Net;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using SkiaSharp;
using Yunbao.Application.Ports;

namespace Yunbao.Infrastructure.Storage;

/// <summary>
/// Citizens' photos in the `evidence` container under `citizen/`. Every upload is decoded and encoded again as JPEG
/// (at most <see cref="MaxSide"/> px a side): EXIF (GPS track, camera serial, owner name) does not survive, because the
/// public may see the photo.
/// </summary>
public sealed class BlobCitizenPhotoStore(BlobContainerClient evidence) : ICitizenPhotoStore
{
    public const int MaxSide = 2048;
    public const string Prefix = "citizen/";

    public async Task<string> SaveAsync(ReadOnlyMemory<byte> image, CancellationToken ct)
    {
        var jpeg = Reencode(image.Span);
        var id = Guid.NewGuid().ToString("N");
        await evidence.GetBlobClient(Prefix + id + ".jpg").UploadAsync(BinaryData.FromBytes(jpeg), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "image/jpeg" },
        }, ct);
        return id;
    }

    public async Task<byte[]?> ReadAsync(string id, CancellationToken ct)
    {
        if (id.Length != 32 || !id.All(char.IsAsciiHexDigitLower)) return null;
        try { return (await evidence.GetBlobClient(Prefix + id + ".jpg").DownloadContentAsync(ct)).Value.Content.ToArray(); }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound) { return null; }
    }

    private static byte[] Reencode(ReadOnlySpan<byte> image)
    {
        using var decoded = SKBitmap.Decode(image.ToArray()) ?? throw new FormatException("The photo is not a JPEG or PNG image.");
        var scale = Math.Min(1.0, (double)MaxSide / Math.Max(decoded.Width, decoded.Height));
        using var sized = scale < 1
            ? decoded.Resize(new SKImageInfo((int)(decoded.Width * scale), (int)(decoded.Height * scale)), new SKSamplingOptions(SKFilterMode.Linear))
            : decoded.Copy();
        using var img = SKImage.FromBitmap(sized);
        using var data = img.Encode(SKEncodedImageFormat.Jpeg, 85);
        return data.ToArray();
    }
}
