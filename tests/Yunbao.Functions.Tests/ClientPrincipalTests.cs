using System.Text;
using Yunbao.Functions.Http;

namespace Yunbao.Functions.Tests;

public sealed class ClientPrincipalTests
{
    private static string B64(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void App_Service_principal_is_the_users_object_id_and_a_steward_id_claim_is_ignored()
    {
        // The shape App Service authentication puts in X-MS-CLIENT-PRINCIPAL (auth_typ, name_typ, role_typ, claims).
        var header = B64("""
            {"auth_typ":"aad","name_typ":"name","role_typ":"roles","claims":[
              {"typ":"http://schemas.microsoft.com/identity/claims/objectidentifier","val":"6f1c-oid"},
              {"typ":"name","val":"Wang Fang"},{"typ":"roles","val":"steward"},{"typ":"stewardId","val":"steward-04"}]}
            """);
        var p = ClientPrincipal.Parse(header)!;
        Assert.Equal("6f1c-oid", p.Id);
        Assert.Equal("Wang Fang", p.Name);
        Assert.True(p.IsInRole(Roles.Steward));
        Assert.False(p.IsInRole(Roles.Dispatcher));
        Assert.False(p.IsDevPrincipal);
    }

    [Fact]
    public void Object_id_is_the_id_when_there_is_no_steward_claim()
    {
        var header = B64("""{"auth_typ":"aad","role_typ":"http://schemas.microsoft.com/ws/2008/06/identity/claims/role","claims":[{"typ":"oid","val":"abc"},{"typ":"http://schemas.microsoft.com/ws/2008/06/identity/claims/role","val":"dispatcher"}]}""");
        var p = ClientPrincipal.Parse(header)!;
        Assert.Equal("abc", p.Id);
        Assert.True(p.IsInRole(Roles.Dispatcher));
    }

    [Fact]
    public void Static_Web_Apps_principal_shape_is_accepted()
    {
        var p = ClientPrincipal.Parse(B64("""{"identityProvider":"aad","userId":"u-1","userDetails":"li@city","userRoles":["anonymous","authenticated","citizen"]}"""))!;
        Assert.Equal("u-1", p.Id);
        Assert.True(p.IsInRole(Roles.Citizen));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64 at all!")]
    [InlineData("eyJub3QiOiJhIHByaW5jaXBhbCJ9")]   // {"not":"a principal"}: no id
    public void Anything_else_is_no_principal(string? header) => Assert.Null(ClientPrincipal.Parse(header));

    [Theory]
    [InlineData("\"abc\"", "abc", true)]
    [InlineData("abc", "\"abc\"", true)]
    [InlineData("W/\"abc\"", "abc", true)]
    [InlineData("\"x\", \"abc\"", "abc", true)]
    [InlineData("*", "abc", true)]
    [InlineData("\"abd\"", "abc", false)]
    [InlineData("\"abc\"", null, false)]
    public void If_Match_compares_entity_tags_with_or_without_quotes(string ifMatch, string? stored, bool matches) =>
        Assert.Equal(matches, ETags.Matches(ifMatch, stored));
}
