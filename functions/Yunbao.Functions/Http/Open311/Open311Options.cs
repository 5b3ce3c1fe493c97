namespace Yunbao.Functions.Http.Open311;

/// <summary>
/// The Open311 endpoint ("Open311" section): who may POST (client systems by hashed api_key) and how often. The rate
/// limits are per function instance (in memory): enough to stop a runaway client, not an accounting of quotas.
/// </summary>
public sealed class Open311Options
{
    public const string Section = "Open311";

    /// <summary>Client systems by id, e.g. Open311__Clients__hotline-12345__KeySha256.</summary>
    public Dictionary<string, Open311Client> Clients { get; set; } = new(StringComparer.Ordinal);
    /// <summary>agency_responsible in every request; the district's name when unset.</summary>
    public string? AgencyResponsible { get; set; }
    /// <summary>Origin of the public API for media_url of uploaded photos (https://{app}.azurewebsites.net); the request's own when unset.</summary>
    public string? PublicBaseUrl { get; set; }
    public int PostsPerKeyPerMinute { get; set; } = 60;
    public int PostsPerAddressPerMinute { get; set; } = 10;
    public int ReadsPerAddressPerMinute { get; set; } = 600;
}
