using Yunbao.Domain.Catalog;
using Yunbao.Edge.Simulator.World;
using Yunbao.Testing;

namespace Yunbao.Edge.Simulator.Tests;

[CollectionDefinition(LocalStackFixture.CollectionName)]
public sealed class LocalStackCollection : ICollectionFixture<LocalStackFixture>;
