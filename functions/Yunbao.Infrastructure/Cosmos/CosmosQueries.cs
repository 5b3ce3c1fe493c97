using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Azure.Cosmos;
using Yunbao.Application.Ports;

namespace Yunbao.Infrastructure.Cosmos;

/// <summary>
/// A single-partition query: the partition key is both set on the request AND the first top-level AND of the WHERE
/// text (cosmosdb-server filters only by the text; Azure routes by the option). Built only from the SQL that
/// ENVIRONMENT.md lists as working everywhere.
/// </summary>
internal sealed class DistrictQuery
{
    private readonly StringBuilder _where = new("c.districtId = @districtId");
    private readonly List<(string Name, object? Value)> _parameters = [];
    private string _orderBy = "";
    private int _parameterCount;

    public DistrictQuery(string districtId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(districtId);
        DistrictId = districtId;
        _parameters.Add(("@districtId", districtId));
    }

    public string DistrictId { get; }

    /// <summary>Adds "AND ({condition})"; "{0}", "{1}", ... in the condition become fresh parameters for <paramref name="values"/>.</summary>
    public DistrictQuery And(string condition, params object?[] values)
    {
        var names = new string[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            names[i] = "@p" + _parameterCount++;
            _parameters.Add((names[i], values[i]));
        }
        _where.Append(" AND (").Append(string.Format(System.Globalization.CultureInfo.InvariantCulture, condition, names)).Append(')');
        return this;
    }

    /// <summary>"AND c.field IN (@a, @b, ...)".</summary>
    public DistrictQuery AndIn(string field, IReadOnlyList<string> values)
    {
        if (values.Count == 0) return this;
        var placeholders = string.Join(", ", Enumerable.Range(0, values.Count).Select(i => "{" + i + "}"));
        return And($"{field} IN ({placeholders})", values.Cast<object?>().ToArray());
    }

    /// <summary>One field only: more need a composite index on Azure, and the local server's plan handler is pass-through.</summary>
    public DistrictQuery OrderBy(string field, bool descending)
    {
        _orderBy = $" ORDER BY {field} {(descending ? "DESC" : "ASC")}";
        return this;
    }

    public QueryDefinition Build()
    {
        var q = new QueryDefinition($"SELECT * FROM c WHERE {_where}{_orderBy}");
        foreach (var (name, value) in _parameters) q.WithParameter(name, value);
        return q;
    }

    public QueryRequestOptions Options(int? maxItemCount = null) =>
        new() { PartitionKey = new PartitionKey(DistrictId), MaxItemCount = maxItemCount };
}

internal static class CosmosContainerExtensions
{
    public static async Task<T?> ReadOrNullAsync<T>(this Container container, string districtId, string id, CancellationToken ct) where T : class
    {
        try
        {
            var response = await container.ReadItemAsync<T>(id, new PartitionKey(districtId), cancellationToken: ct);
            return response.Resource;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Creates the document; false when the id is taken (409), nothing changed. Returns the new ETag otherwise.</summary>
    public static async Task<(bool Created, string? ETag)> TryCreateAsync<T>(this Container container, T document, string districtId, CancellationToken ct)
    {
        try
        {
            var response = await container.CreateItemAsync(document, new PartitionKey(districtId), cancellationToken: ct);
            return (true, response.ETag);
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            return (false, null);
        }
    }

    /// <summary>Replaces only if the stored ETag is still <paramref name="etag"/>; 412/404 become <see cref="ConcurrencyConflictException"/>.</summary>
    public static async Task<string> ReplaceIfMatchAsync<T>(this Container container, T document, string id, string districtId, string etag, string what, CancellationToken ct)
    {
        try
        {
            var response = await container.ReplaceItemAsync(document, id, new PartitionKey(districtId),
                new ItemRequestOptions { IfMatchEtag = etag }, ct);
            return response.ETag;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            throw new ConcurrencyConflictException($"{what} '{id}' in district '{districtId}' was changed by someone else since it was read; re-read and retry.");
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            throw new ConcurrencyConflictException($"{what} '{id}' in district '{districtId}' no longer exists.");
        }
    }

    public static async IAsyncEnumerable<T> QueryAllAsync<T>(this Container container, DistrictQuery query, [EnumeratorCancellation] CancellationToken ct)
    {
        using var iterator = container.GetItemQueryIterator<T>(query.Build(), requestOptions: query.Options());
        while (iterator.HasMoreResults)
        {
            var page = await iterator.ReadNextAsync(ct);
            foreach (var item in page) yield return item;
        }
    }

    public static async Task<List<T>> QueryListAsync<T>(this Container container, DistrictQuery query, CancellationToken ct)
    {
        var items = new List<T>();
        await foreach (var item in container.QueryAllAsync<T>(query, ct)) items.Add(item);
        return items;
    }

    /// <summary>One page: at most <paramref name="pageSize"/> items and the token for the next page (null on the last).</summary>
    public static async Task<(List<T> Items, string? Continuation)> QueryPageAsync<T>(this Container container, DistrictQuery query, int pageSize, string? continuation, CancellationToken ct)
    {
        using var iterator = container.GetItemQueryIterator<T>(query.Build(), continuation, query.Options(pageSize));
        if (!iterator.HasMoreResults) return ([], null);
        var page = await iterator.ReadNextAsync(ct);
        var token = page.ContinuationToken;
        return (page.ToList(), string.IsNullOrEmpty(token) ? null : token);
    }
}
