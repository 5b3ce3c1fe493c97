using Microsoft.Azure.Cosmos;
using Yunbao.Application.Ports;
using Yunbao.Domain.Stewards;

namespace Yunbao.Infrastructure.Cosmos;

/// <summary>Stewards in the `stewards` container: create-only (409 → false) and replace with If-Match (412 → conflict), never a blind upsert.</summary>
public sealed class CosmosStewardRepository(Container container) : IStewardRepository
{
    public async Task<Steward?> GetAsync(string districtId, string id, CancellationToken ct) =>
        (await container.ReadOrNullAsync<StewardDocument>(districtId, id, ct))?.ToDomain();

    public async Task<IReadOnlyList<Steward>> ListAsync(string districtId, CancellationToken ct) =>
        (await container.QueryListAsync<StewardDocument>(new DistrictQuery(districtId), ct)).Select(d => d.ToDomain()).ToList();

    public async Task<Steward?> FindByUserObjectIdAsync(string districtId, string userObjectId, CancellationToken ct) =>
        (await container.QueryListAsync<StewardDocument>(new DistrictQuery(districtId).And("c.userObjectId = {0}", userObjectId), ct))
            .OrderBy(d => d.Id, StringComparer.Ordinal).Select(d => d.ToDomain()).FirstOrDefault();

    public async Task<bool> TryCreateAsync(Steward steward, CancellationToken ct)
    {
        var (created, etag) = await container.TryCreateAsync(StewardDocument.From(steward), steward.DistrictId, ct);
        if (created) steward.ETag = etag;
        return created;
    }

    public async Task ReplaceAsync(Steward steward, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(steward.ETag))
            throw new InvalidOperationException($"Steward '{steward.Id}' has no ETag: read it before replacing it.");
        steward.ETag = await container.ReplaceIfMatchAsync(StewardDocument.From(steward), steward.Id, steward.DistrictId, steward.ETag, "Steward", ct);
    }
}
