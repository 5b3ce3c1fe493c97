using System.Text.Json.Nodes;
using Yunbao.Infra.Tests.Arm;

namespace Yunbao.Infra.Tests;

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<CompiledPlatform>
{
    public const string Name = "compiled platform";
}
