using Yunbao.Domain.WorkOrders;

namespace Yunbao.Domain.Citizens;

/// <summary>
/// What a citizen may see of the work order their request joined: Open311's open/closed, the notes of the latest
/// public event (closing notes carry the verification and the fix), and when it last changed. Staff ids, device ids
/// and other requests' ids never appear.
/// </summary>
public sealed record CitizenStatus(bool Open, string NotesZh, string NotesEn, DateTimeOffset UpdatedAt)
{
    public string Notes(bool english) => english ? NotesEn : NotesZh;

    /// <summary>A request whose order is not open yet (the rules still wait) or not known.</summary>
    public static CitizenStatus Received(DateTimeOffset requestedAt) =>
        new(true, "已收到，等待受理", "Received, waiting to be taken up", requestedAt);

    public static CitizenStatus Of(WorkOrder order)
    {
        var open = order.IsOpen;
        var latest = order.Events.LastOrDefault(e => e.Type != WorkOrderEventTypes.Occurrence && e.Type != WorkOrderEventTypes.RejectionProposed);
        var (zh, en) = latest?.Type switch
        {
            WorkOrderEventTypes.Dispatched or WorkOrderEventTypes.Reassigned => ("已派单给网格员", "A steward has been dispatched"),
            WorkOrderEventTypes.Accepted => ("网格员已接单", "The steward has taken it on"),
            WorkOrderEventTypes.Started => ("网格员正在现场处置", "Work in progress on site"),
            WorkOrderEventTypes.Resolved => (Join("已处置，待核验", Resolution(order).Zh), Join("Fixed, waiting for verification", Resolution(order).En)),
            WorkOrderEventTypes.Verified => (Join("已核验", Verification(order).Zh, Resolution(order).Zh), Join("Verified", Verification(order).En, Resolution(order).En)),
            WorkOrderEventTypes.Closed => (Join("已办结" + Note(latest), Verification(order).Zh, Resolution(order).Zh),
                                           Join("Closed" + Note(latest), Verification(order).En, Resolution(order).En)),
            WorkOrderEventTypes.Rejected => ("经核查不予处理" + Note(latest), "Not actioned after checking" + Note(latest)),
            WorkOrderEventTypes.Escalated => ("已升级督办", "Escalated to the supervisor"),
            WorkOrderEventTypes.Reopened => ("问题复现，重新处置", "The problem is back: reopened"),
            _ => ("已受理，等待派单", "Taken up, waiting for a steward"),
        };
        return new CitizenStatus(open, zh, en, order.UpdatedAt);
    }

    private static string Note(WorkOrderEvent e) => string.IsNullOrWhiteSpace(e.Note) ? "" : "：" + e.Note.Trim();

    private static string Join(params string[] parts) => string.Join("; ", parts.Where(p => p.Length > 0));

    private static (string Zh, string En) Resolution(WorkOrder order)
    {
        var resolved = order.Events.LastOrDefault(e => e.Type == WorkOrderEventTypes.Resolved);
        if (resolved is null) return ("", "");
        var photo = resolved.Evidence.Count > 0;
        var note = string.IsNullOrWhiteSpace(resolved.Note) ? "" : " " + resolved.Note.Trim();
        return ((photo ? "网格员现场照片为证" : "网格员已处置") + note, (photo ? "steward's photo of the fix" : "fixed by the steward") + note);
    }

    private static (string Zh, string En) Verification(WorkOrder order)
    {
        var verified = order.Events.LastOrDefault(e => e.Type == WorkOrderEventTypes.Verified);
        if (verified is null) return ("", "");
        var note = string.IsNullOrWhiteSpace(verified.Note) ? "" : " " + verified.Note.Trim();
        return verified.By.Role == ActorRoles.Patrol
            ? ("巡查车复核已不见问题" + note, "a patrol pass no longer sees it" + note)
            : ("调度员核验" + note, "verified by a dispatcher" + note);
    }
}
