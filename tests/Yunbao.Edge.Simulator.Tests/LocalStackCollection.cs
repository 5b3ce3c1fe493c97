using Yunbao.Testing;

namespace Yunbao.Edge.Simulator.Tests;

[CollectionDefinition(LocalStackFixture.CollectionName)]
public sealed class LocalStackCollection : ICollectionFixture<LocalStackFixture>;
