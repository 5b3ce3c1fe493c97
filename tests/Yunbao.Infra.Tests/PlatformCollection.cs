using System.Text.Json.Nodes;

namespace Yunbao.Infra.Tests;

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<CompiledPlatform>
{
    public const string Name = "compiled platform";
}
