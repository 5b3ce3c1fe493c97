using Yunbao.Contracts.Validation;

namespace Yunbao.Contracts.Tests.Validation;

public sealed class IdentifierTests
{
    [Theory]
    [InlineData("steward-01")]
    [InlineData("wo-7f3a.b_c")]
    [InlineData("lize")]
    [InlineData("A")]
    public void Accepts_ids_of_letters_digits_dots_underscores_and_dashes(string id)
    {
        Assert.True(Identifier.IsValid(id));
        Assert.Null(Identifier.Problem(id, "id"));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("..")]
    [InlineData(".hidden")]
    [InlineData("-flag")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a%2Fb")]
    [InlineData("\u00FF\u00FE")]
    [InlineData("工单")]
    [InlineData("a b")]
    public void Refuses_anything_else(string id)
    {
        Assert.False(Identifier.IsValid(id));
        Assert.NotNull(Identifier.Problem(id, "id"));
    }

    [Fact]
    public void Refuses_null_and_ids_longer_than_64_characters()
    {
        Assert.False(Identifier.IsValid(null));
        Assert.True(Identifier.IsValid(new string('a', 64)));
        Assert.False(Identifier.IsValid(new string('a', 65)));
        Assert.Contains("longer than 64", Identifier.Problem(new string('a', 65), "stewardId"), StringComparison.Ordinal);
        Assert.Equal("stewardId is required.", Identifier.Problem(null, "stewardId"));
    }
}
