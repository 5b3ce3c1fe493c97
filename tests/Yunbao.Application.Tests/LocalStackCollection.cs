using Yunbao.Testing;

namespace Yunbao.Application.Tests;

[CollectionDefinition(LocalStackFixture.CollectionName)]
public sealed class LocalStackCollection : ICollectionFixture<LocalStackFixture>;
