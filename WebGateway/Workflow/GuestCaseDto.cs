using HomeUniteUs.Grains.Interfaces.Workflow;

namespace HomeUniteUs.WebGateway.Workflow;

/// <summary>A guest case on the wire (API.md's GuestCase).</summary>
public sealed record GuestCaseDto(long GuestId, long CoordinatorId, string Status, string Notes, string CreatedAt, string UpdatedAt)
{
    public static GuestCaseDto From(GuestCase guestCase) => new(
        guestCase.GuestId, guestCase.CoordinatorId, guestCase.Status, guestCase.Notes,
        UtcTimestamp.Format(guestCase.CreatedAt), UtcTimestamp.Format(guestCase.UpdatedAt));
}

/// <summary>The body of PUT /api/coordinator/cases/{guestId}: any of the three.</summary>
public sealed record GuestCaseChangeRequest(long? CoordinatorId, string? Status, string? Notes);
