using Yunbao.Domain.Catalog;

namespace Yunbao.Domain.Tests;

public sealed class CategoryCatalogTests
{
    private static readonly string[] Codes =
    [
        "illegal-parking", "street-laundry", "umbrella-stall", "street-vending", "out-of-store-business",
        "garbage-overflow", "exposed-garbage", "material-stacking", "bicycle-disorder", "illegal-banner",
        "road-damage", "manhole-cover", "construction-occupation", "waterlogging",
    ];

    [Fact]
    public void Default_catalog_holds_the_14_district_categories()
    {
        var catalog = CategoryCatalog.Default;
        Assert.Equal(Codes.Order(), catalog.All.Select(c => c.Code).Order());
        Assert.All(catalog.All, c =>
        {
            Assert.False(string.IsNullOrWhiteSpace(c.NameZh));
            Assert.True(c.ResolveSlaMinutes >= c.DispatchSlaMinutes);
            Assert.NotEmpty(c.EvidenceLabels);
            Assert.NotEmpty(c.Zones);
        });
    }

    [Fact]
    public void Names_match_the_district_vocabulary()
    {
        var c = CategoryCatalog.Default;
        Assert.Equal("机动车违停", c.Get("illegal-parking").NameZh);
        Assert.Equal("沿街晾晒", c.Get("street-laundry").NameZh);
        Assert.Equal("违规撑伞", c.Get("umbrella-stall").NameZh);
        Assert.Equal("道路积水", c.Get("waterlogging").NameZh);
    }

    [Fact]
    public void Illegal_parking_needs_two_sightings_three_minutes_apart_and_stalls_two()
    {
        var c = CategoryCatalog.Default;
        Assert.Equal((2, 3), (c.Get("illegal-parking").MinSightings, c.Get("illegal-parking").PersistenceMinMinutes));
        Assert.Equal(2, c.Get("street-vending").MinSightings);
        Assert.Equal(2, c.Get("street-laundry").MinSightings);
        Assert.Equal(1, c.Get("manhole-cover").MinSightings);
    }

    [Theory]
    [InlineData("car", "illegal-parking")]
    [InlineData("Umbrella", "umbrella-stall")]
    [InlineData("pothole", "road-damage")]
    [InlineData("puddle", "waterlogging")]
    public void Detector_labels_map_to_categories(string label, string code) =>
        Assert.Contains(CategoryCatalog.Default.ForLabel(label), c => c.Code == code);

    [Theory]
    [InlineData("waterLevelCm", "waterlogging")]
    [InlineData("binFillPercent", "garbage-overflow")]
    [InlineData("pm10", "construction-occupation")]
    [InlineData("PM25", "construction-occupation")]
    [InlineData("noiseDb", "construction-occupation")]
    public void Sensor_metrics_map_to_categories(string metric, string code) =>
        Assert.Equal(code, CategoryCatalog.Default.ForSensorMetric(metric)?.Code);

    [Fact]
    public void Unknown_sensor_metric_maps_to_nothing() => Assert.Null(CategoryCatalog.Default.ForSensorMetric("humidity"));

    [Theory]
    [InlineData("\"dispatchSlaMinutes\": 0", "dispatchSlaMinutes must be positive")]
    [InlineData("\"evidenceLabels\": [\"Car\"]", "must be non-empty lower case")]
    [InlineData("\"activeHours\": [25]", "outside 0-23")]
    [InlineData("\"zones\": [\"moon\"]", "malformed")]
    [InlineData("\"colour\": \"red\"", "malformed")]
    public void Bad_category_data_is_refused_with_a_reason(string field, string expected)
    {
        var json = $$"""
            [{ "code": "x-test", "nameZh": "测", "nameEn": "Test", "defaultSeverity": "low",
               "dispatchSlaMinutes": 5, "resolveSlaMinutes": 10, "dedupeRadiusMeters": 10, "dedupeWindowMinutes": 60,
               "evidenceLabels": ["thing"], "zones": ["roadway"], {{field}} }]
            """;
        // A repeated property is refused by the reader itself, so strip the default when the test overrides it.
        var key = field.Split(':')[0];
        json = key switch
        {
            "\"dispatchSlaMinutes\"" => json.Replace("\"dispatchSlaMinutes\": 5, ", ""),
            "\"evidenceLabels\"" => json.Replace("\"evidenceLabels\": [\"thing\"], ", ""),
            "\"zones\"" => json.Replace("\"zones\": [\"roadway\"], ", ""),
            _ => json,
        };
        var e = Assert.Throws<CategoryCatalogDataException>(() => CategoryCatalog.Parse(json));
        Assert.Contains(expected, e.Message);
    }
}
