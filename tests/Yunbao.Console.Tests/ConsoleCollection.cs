namespace Yunbao.Console.Tests;

[CollectionDefinition(ConsoleFixture.CollectionName)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleFixture>;
