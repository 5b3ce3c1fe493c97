namespace Yunbao.Functions.Http;

/// <summary>
/// How a local request picks the dev principal's role and steward. Read only when LocalMode is true and no
/// X-MS-CLIENT-PRINCIPAL is present; in Azure these headers are ignored. Every answer to the dev principal carries
/// <see cref="Label"/> so nobody mistakes it for a signed-in user.
/// </summary>
public static class LocalDevHeaders
{
    public const string Role = "X-Yunbao-Local-Dev-Role";
    public const string StewardId = "X-Yunbao-Local-Dev-Steward-Id";
    /// <summary>Response header naming the local dev principal.</summary>
    public const string Label = "X-Yunbao-Local-Dev-Principal";
}
