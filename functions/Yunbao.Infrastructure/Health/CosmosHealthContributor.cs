using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;
using Yunbao.Application.Ports;
using Yunbao.Infrastructure.Cosmos;

namespace Yunbao.Infrastructure.Health;

/// <summary>Cosmos is up when the database can be read (bounded by the client's request timeout).</summary>
public sealed class CosmosHealthContributor(CosmosClient client, IOptions<CosmosOptions> options) : IHealthContributor
{
    public string Name => DependencyFailure.Cosmos;

    public async Task<ComponentHealth> CheckAsync(CancellationToken ct)
    {
        var database = options.Value.DatabaseName;
        try
        {
            await client.GetDatabase(database).ReadAsync(cancellationToken: ct);
            return new ComponentHealth(Name, true, $"database '{database}' answers");
        }
        catch (CosmosException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return new ComponentHealth(Name, false, $"database '{database}' does not exist (a restarted in-memory stand-in not provisioned yet?)");
        }
        catch (Exception e) when (DependencyFailure.Classify(e) is { } d)
        {
            return new ComponentHealth(Name, false, d.Detail);
        }
    }
}
