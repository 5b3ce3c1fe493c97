namespace Yunbao.Infrastructure.Cosmos;

/// <summary>A Cosmos DB request got no answer within its timeout (thrown by <see cref="FailFastHandler"/>).</summary>
public sealed class CosmosStalledException : TimeoutException
{
    public CosmosStalledException() { }
    public CosmosStalledException(string message) : base(message) { }
    public CosmosStalledException(string message, Exception inner) : base(message, inner) { }
}
