using System.Globalization;
using System.Text.RegularExpressions;

namespace Yunbao.EventHubsStandIn;

/// <summary>
/// Where a receiver starts, parsed from the selector filter the clients send ("apache.org:selector-filter:string"), e.g.
/// "amqp.annotation.x-opt-offset > -1" (earliest), "... > @latest", "amqp.annotation.x-opt-sequence-number >= 12",
/// "amqp.annotation.x-opt-enqueued-time > 1700000000000" (Unix ms). Older clients quote the value; both are read.
/// </summary>
internal sealed partial record StartPosition(StartPositionKind Kind, long Value, bool Inclusive)
{
    public static StartPosition Latest { get; } = new(StartPositionKind.Latest, 0, false);

    public static bool TryParse(string? expression, out StartPosition position)
    {
        position = Latest;
        if (string.IsNullOrWhiteSpace(expression)) return true;
        var match = Expression().Match(expression);
        if (!match.Success) return false;
        var inclusive = match.Groups["op"].Value == ">=";
        var value = match.Groups["value"].Value;
        switch (match.Groups["name"].Value)
        {
            case "x-opt-offset":
                if (value == "@latest") { position = Latest; return true; }
                if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var offset)) return false;
                position = offset < 0 ? new StartPosition(StartPositionKind.Earliest, 0, true) : new StartPosition(StartPositionKind.Offset, offset, inclusive);
                return true;
            case "x-opt-sequence-number":
                if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var sequence)) return false;
                position = sequence < 0 && !inclusive ? new StartPosition(StartPositionKind.Earliest, 0, true) : new StartPosition(StartPositionKind.SequenceNumber, sequence, inclusive);
                return true;
            case "x-opt-enqueued-time":
                if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms)) return false;
                position = new StartPosition(StartPositionKind.EnqueuedTime, ms, inclusive);
                return true;
            default:
                return false;
        }
    }

    [GeneratedRegex(@"^\s*amqp\.annotation\.(?<name>x-opt-[a-z-]+)\s*(?<op>>=|>)\s*'?(?<value>[^'\s]+)'?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Expression();
}
