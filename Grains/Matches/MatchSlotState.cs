namespace HomeUniteUs.Grains.Matches;

/// <summary>The stored slot of one person (state name "matchSlot", keyed by user id).</summary>
public sealed class MatchSlotState
{
    public long UserId { get; set; }

    /// <summary>The match holding the slot: an active match, or a proposal still reserving.</summary>
    public long? MatchId { get; set; }

    /// <summary>The membership move holding the slot, while it runs (or until a move a crash interrupted is found no longer running).</summary>
    public MembershipHold? Move { get; set; }

    /// <summary>Every match this person was proposed for, oldest first (undone proposals included; readers skip them).</summary>
    public List<long> History { get; set; } = [];
}
