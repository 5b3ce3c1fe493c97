using Yunbao.Testing;

namespace Yunbao.Infrastructure.Tests;

[CollectionDefinition(LocalStackFixture.CollectionName)]
public sealed class LocalStackCollection : ICollectionFixture<LocalStackFixture>;
