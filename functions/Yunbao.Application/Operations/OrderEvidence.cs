using System.Security.Cryptography;
using Yunbao.Application.Ports;
using Yunbao.Domain.WorkOrders;

namespace Yunbao.Application.Operations;

/// <summary>
/// An order's pictures: the frames of its incidents (from `frames`) and stewards' photos (in `evidence`, under the order's
/// id). Photos are decoded in full before they are stored. Who may see or add them is the caller's check (the order is
/// given, already authorised).
/// </summary>
public sealed class OrderEvidence(IIncidentRepository incidents, IFrameStore frames, IEvidenceStore photos, IImageInspector images, TimeProvider clock)
{
    public const int MaxPhotoBytes = 10 * 1024 * 1024;
    /// <summary>Frames listed per order: the first sightings tell the story; a fixed camera may add hundreds.</summary>
    public const int MaxFrames = 12;
    public const string FramePrefix = "frame-";
    public const string PhotoPrefix = "photo-";
    /// <summary>How a photo is referenced in a transition's evidence: "evidence/{orderId}/{key}".</summary>
    public const string ReferencePrefix = "evidence/";

    public async Task<IReadOnlyList<EvidenceItem>> ListAsync(WorkOrder order, CancellationToken ct)
    {
        var items = new List<EvidenceItem>();
        foreach (var incidentId in order.IncidentIds.Take(MaxFrames))
        {
            if (FramePrefix.Length + incidentId.Length > Yunbao.Contracts.Validation.Identifier.MaxLength) continue;
            var incident = await incidents.GetAsync(order.DistrictId, incidentId, ct);
            if (incident?.FrameBlobName is null) continue;
            items.Add(new EvidenceItem(FramePrefix + incidentId, EvidenceItem.FrameKind, incident.ObservedAt, incident.DeviceId, incident.Id, incident.Box, incident.Simulated));
        }
        var prefix = ReferencePrefix + order.Id + "/";
        foreach (var e in order.Events)
            // Only photos this API stored (photo-… keys); other references (URLs, the simulated stewards' names) stay text in the history.
            foreach (var reference in e.Evidence.Where(r => r.StartsWith(prefix + PhotoPrefix, StringComparison.Ordinal)
                && Yunbao.Contracts.Validation.Identifier.IsValid(r[prefix.Length..])))
                items.Add(new EvidenceItem(reference[prefix.Length..], EvidenceItem.PhotoKind, e.At, e.By.Id, null, null, false));
        return items;
    }

    /// <summary>The picture behind <paramref name="key"/>, or null when the order has no such picture.</summary>
    public async Task<EvidenceImage?> ReadAsync(WorkOrder order, string key, CancellationToken ct)
    {
        if (key.StartsWith(FramePrefix, StringComparison.Ordinal))
        {
            var incidentId = key[FramePrefix.Length..];
            if (!order.IncidentIds.Contains(incidentId)) return null;
            var incident = await incidents.GetAsync(order.DistrictId, incidentId, ct);
            if (incident?.FrameBlobName is null) return null;
            var frame = await frames.ReadAsync(incident.FrameBlobName, ct);
            return frame is null ? null : new EvidenceImage(frame.Image, frame.ContentType);
        }
        if (key.StartsWith(PhotoPrefix, StringComparison.Ordinal)) return await photos.ReadAsync(BlobName(order.Id, key), ct);
        return null;
    }

    /// <summary>Stores a photo for the order when it decodes as a JPEG or PNG; null when it is not one.</summary>
    public async Task<PhotoUpload?> AddPhotoAsync(WorkOrder order, ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        if (bytes.Length is 0 or > MaxPhotoBytes) return null;
        if (images.Inspect(bytes.Span) is not { } facts) return null;
        // Time-ordered and unguessable: keys sort by upload, and nobody can list another order's photos by guessing.
        var key = FormattableString.Invariant($"{PhotoPrefix}{clock.GetUtcNow().ToUnixTimeMilliseconds():x}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}");
        await photos.SaveAsync(BlobName(order.Id, key), bytes, facts.ContentType, ct);
        return new PhotoUpload(key, ReferencePrefix + order.Id + "/" + key, facts.ContentType, facts.Width, facts.Height);
    }

    private static string BlobName(string orderId, string key) => orderId + "/" + key;
}
