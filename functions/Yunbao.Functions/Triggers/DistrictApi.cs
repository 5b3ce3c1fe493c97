using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Yunbao.Application;
using Yunbao.Domain.Catalog;
using Yunbao.Domain.Geo;
using Yunbao.Functions.Http;

namespace Yunbao.Functions.Triggers;

/// <summary>Public reference data the pages draw with: the district's street map (GeoJSON) and the category catalog.</summary>
public sealed class DistrictApi(StreetNetwork network, CategoryCatalog catalog, HttpApi api, IOptions<DistrictOptions> district)
{
    [Function("GetDistrictMap")]
    public Task<IActionResult> Map([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "district/map.geojson")] HttpRequest req) =>
        api.HandleAsync(req, () => Task.FromResult<IActionResult>(
            new ApiResult(StatusCodes.Status200OK, DistrictMap.GeoJson(network, district.Value.Name), "application/geo+json; charset=utf-8")
                .WithHeader("Cache-Control", "public, max-age=3600")));

    [Function("GetCatalog")]
    public Task<IActionResult> Catalog([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "catalog")] HttpRequest req) =>
        api.HandleAsync(req, () => Task.FromResult<IActionResult>(
            ApiResult.Json(new { items = catalog.All.Select(CategoryResource.From).ToList() }).WithHeader("Cache-Control", "public, max-age=3600")));
}
