using Yunbao.Testing;

namespace Yunbao.Functions.Tests;

[CollectionDefinition(LocalStackFixture.CollectionName)]
public sealed class LocalStackCollection : ICollectionFixture<LocalStackFixture>;
