using Azure.Storage.Queues;
using Yunbao.IotHubStandIn;

namespace Yunbao.IotHubStandIn.Tests;

[CollectionDefinition(Name)]
public sealed class StorageCollection : ICollectionFixture<StorageFixture>
{
    public const string Name = "storage";
}
