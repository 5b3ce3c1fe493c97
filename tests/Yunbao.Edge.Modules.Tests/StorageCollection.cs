using System.Collections.Concurrent;
using Azure.Storage.Queues;
using Yunbao.Contracts.Frames;
using Yunbao.Contracts.Geo;
using Yunbao.DevHost.Modules;
using Yunbao.Edge.Modules;
using Yunbao.IotHubStandIn;
using Yunbao.LocalStack;
using Yunbao.Testing;

namespace Yunbao.Edge.Modules.Tests;

[CollectionDefinition(Name)]
public sealed class StorageCollection : ICollectionFixture<StorageFixture>
{
    public const string Name = "storage";
}
