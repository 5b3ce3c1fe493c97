using System.Net;
using System.Text;

namespace Yunbao.Infrastructure.Cosmos;

/// <summary>
/// Local-only HTTP shim between the Cosmos SDK and @vercel/cosmosdb-server (never registered for a non-loopback endpoint).
/// Measured against SDK 3.64 / cosmosdb-server 1.0.1 (shared/ENVIRONMENT.md):
/// - The SDK asks the gateway for a query plan (header x-ms-cosmos-is-query-plan-request) before ORDER BY, TOP and
///   aggregate queries; the server answers with documents, and the SDK throws. We answer with a pass-through plan
///   (no client-side order/top/aggregate work, one full range), so the server runs the query text itself, which is
///   correct because every query here is single-partition.
/// - A point read of a missing id gives 500 unless the request carries x-ms-documentdb-query-enablecrosspartition;
///   we add it to point reads only (on queries it would hide a missing partition filter).
/// </summary>
public sealed class LocalCosmosQueryPlanHandler : DelegatingHandler
{
    public const string QueryPlanRequestHeader = "x-ms-cosmos-is-query-plan-request";
    public const string EnableCrossPartitionHeader = "x-ms-documentdb-query-enablecrosspartition";

    // Shape of PartitionedQueryExecutionInfo (Microsoft.Azure.Cosmos Query.Core.QueryPlan): nothing for the client to do.
    private const string PassThroughPlan = """
        {"partitionedQueryExecutionInfoVersion":2,
         "queryInfo":{"distinctType":"None","top":null,"offset":null,"limit":null,"orderBy":[],"orderByExpressions":[],
                      "groupByExpressions":[],"groupByAliases":[],"aggregates":[],"groupByAliasToAggregateType":{},
                      "rewrittenQuery":"","hasSelectValue":false,"dCountInfo":null,"hasNonStreamingOrderBy":false},
         "queryRanges":[{"min":"","max":"FF","isMinInclusive":true,"isMaxInclusive":false}]}
        """;

    public LocalCosmosQueryPlanHandler() { }

    public LocalCosmosQueryPlanHandler(HttpMessageHandler inner) : base(inner) { }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.TryGetValues(QueryPlanRequestHeader, out var values) &&
            values.Any(v => string.Equals(v, "true", StringComparison.OrdinalIgnoreCase)))
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK)
            {
                RequestMessage = request,
                Content = new StringContent(PassThroughPlan, Encoding.UTF8, "application/json"),
            };
            response.Headers.TryAddWithoutValidation("x-ms-activity-id", Guid.NewGuid().ToString());
            response.Headers.TryAddWithoutValidation("x-ms-request-charge", "0");
            return Task.FromResult(response);
        }

        if (request.Method == HttpMethod.Get && IsDocumentPointRead(request.RequestUri) &&
            !request.Headers.Contains(EnableCrossPartitionHeader))
            request.Headers.TryAddWithoutValidation(EnableCrossPartitionHeader, "True");

        return base.SendAsync(request, cancellationToken);
    }

    // dbs/{db}/colls/{coll}/docs/{id}
    private static bool IsDocumentPointRead(Uri? uri)
    {
        if (uri is null) return false;
        var segments = uri.AbsolutePath.Trim('/').Split('/');
        return segments.Length == 6 && segments[4] == "docs";
    }

    public static bool IsLoopback(Uri endpoint) =>
        endpoint.IsLoopback || (IPAddress.TryParse(endpoint.Host, out var ip) && IPAddress.IsLoopback(ip));
}
