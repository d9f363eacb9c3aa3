using System.Globalization;

namespace HomeUniteUs.Grains.Workflow;

/// <summary>
/// Answers from storage, not from the dashboard projection: refusing to delete a coordinator
/// must not depend on a notification having arrived. Deleting users is rare; this is one
/// indexed read of the case rows plus one user grain call per owned case. Reentrant: it holds nothing between awaits,
/// so its calls wait for storage side by side rather than a silo's few activations at a time.
/// </summary>
[StatelessWorker]
[Reentrant]
public sealed class CoordinatorCaseloadGrain(GrainStateReader reader) : Grain, ICoordinatorCaseloadGrain
{
    public async Task<IReadOnlyList<string>> OwnedCases()
    {
        var coordinatorId = this.GetPrimaryKeyLong();
        var owned = await reader.ReadWhere<GuestCaseState>(
            StateNames.GuestCase, nameof(GuestCaseState.CoordinatorId), coordinatorId.ToString(CultureInfo.InvariantCulture));
        var guestIds = owned.Where(c => c.Exists && c.CoordinatorId == coordinatorId).Select(c => c.GuestId).Order().ToList();
        var guests = await Task.WhenAll(guestIds.Select(id => GrainFactory.GetGrain<IUserGrain>(id).Get()));
        return [.. guestIds.Zip(guests, (id, guest) => $"{guest?.Email ?? "unknown"} (#{id})")];
    }
}
