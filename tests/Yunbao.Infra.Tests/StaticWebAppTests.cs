namespace Yunbao.Infra.Tests;

/// <summary>The console and steward pages are hosted on Static Web Apps with the Functions app linked as its /api backend.</summary>
[Collection(PlatformCollection.Name)]
public sealed class StaticWebAppTests(CompiledPlatform platform)
{
    [Fact]
    public void Pages_are_a_standard_static_web_app_tagged_for_azd_with_the_function_app_linked_as_its_api()
    {
        foreach (var env in platform.All)
        {
            var swa = env.Deployment.Single("Microsoft.Web/staticSites");
            var site = env.Deployment.Single("Microsoft.Web/sites");
            Assert.Equal("Standard", swa.Get("sku.name"));
            Assert.Equal("web", swa.Get("tags.azd-service-name"));
            Assert.Equal("None", swa.Get("properties.provider"));
            var backend = env.Deployment.Single("Microsoft.Web/staticSites/linkedBackends");
            Assert.Equal($"{swa.Name}/api", backend.Name);
            var backendId = Assert.IsType<string>(backend.Get("properties.backendResourceId"));
            Assert.EndsWith($"/providers/Microsoft.Web/sites/{site.Name}", backendId, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void The_pages_config_requires_the_roles_the_functions_check_and_allows_no_other_origin()
    {
        var config = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(BicepCli.RepoRoot, "dashboard", "public", "staticwebapp.config.json")))!;
        var routes = config["routes"]!.AsArray().ToDictionary(r => r!["route"]!.GetValue<string>(), r => r!["allowedRoles"]!.AsArray().Select(x => x!.GetValue<string>()).ToList());
        Assert.Equal(["dispatcher", "operator"], routes["/console/*"]);
        // Entra app roles and groups become these roles through the rolesSource function (GetRoles, SignInRolesApi).
        Assert.Equal("/api/GetRoles", config["auth"]!["rolesSource"]!.GetValue<string>());
        // The citizen page and its Open311 calls need no sign-in.
        Assert.Equal(["anonymous"], routes["/citizen/*"]);
        Assert.Equal(["anonymous"], routes["/api/open311/*"]);
        Assert.Equal(["steward"], routes["/steward/*"]);
        Assert.Contains("connect-src 'self'", config["globalHeaders"]!["Content-Security-Policy"]!.GetValue<string>());
    }
}
