using System.Collections.Concurrent;
using Azure.Storage.Queues;

namespace Yunbao.Edge.Modules.Tests;

[CollectionDefinition(Name)]
public sealed class StorageCollection : ICollectionFixture<StorageFixture>
{
    public const string Name = "storage";
}
