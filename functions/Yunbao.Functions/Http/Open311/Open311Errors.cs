using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Yunbao.Functions.Http.Open311;

/// <summary>
/// Open311's error answer: a list of {code, description} (&lt;errors&gt;&lt;error&gt;&lt;code/&gt;&lt;description/&gt;&lt;/error&gt;&lt;/errors&gt;)
/// with the HTTP status as the code. Used on the Open311 routes only; everything else answers problem+json.
/// </summary>
public static class Open311Errors
{
    public static ApiResult Create(Open311Format format, int status, params string[] descriptions)
    {
        var items = (descriptions.Length == 0 ? [ReasonPhrases.GetReasonPhrase(status)] : descriptions)
            .Select(d => new Open311Fields().Add("code", status).Add("description", d));
        return new ApiResult(status, Open311Writer.List(format, "errors", "error", items), Open311Writer.ContentType(format));
    }

    public static ApiResult TooManyRequests(Open311Format format, TimeSpan retryAfter, string what) =>
        Create(format, StatusCodes.Status429TooManyRequests, $"Too many {what}: try again in {Seconds(retryAfter)} s.")
            .WithHeader("Retry-After", Seconds(retryAfter).ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static int Seconds(TimeSpan t) => Math.Max(1, (int)Math.Ceiling(t.TotalSeconds));
}
