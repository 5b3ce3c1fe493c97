namespace Yunbao.Functions.Http.Open311;

/// <summary>One client system allowed to POST requests (the citizen page, the hotline's system, a partner app).</summary>
public sealed class Open311Client
{
    /// <summary>SHA-256 of the api_key, lower-case hex. The key itself is given to the client once and never stored.</summary>
    public string KeySha256 { get; set; } = "";
    /// <summary>The client sends its own ticket id as account_id (the 12345 hotline does): it makes retries idempotent.</summary>
    public bool TicketIdFromAccountId { get; set; }
    /// <summary>Set only by the local runner for its simulated citizens: their requests are labelled simulated.</summary>
    public bool Simulated { get; set; }
}
