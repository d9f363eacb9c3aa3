using HomeUniteUs.Grains.Interfaces.Access;
using HomeUniteUs.Grains.Interfaces.Matches;
using HomeUniteUs.Grains.Interfaces.Workflow;
using HomeUniteUs.Grains.Matches;
using HomeUniteUs.Grains.Storage;
using HomeUniteUs.Grains.Workflow;

namespace HomeUniteUs.Silo.Startup;

/// <summary>
/// On silo start, undoes every proposal a crash interrupted, frees every slot whose match no longer
/// holds it and ends every membership move's hold whose move no longer runs, so each slot is bound
/// to a live match or a running move, or free, without waiting for the next proposal or move of that
/// person. The slots never call out; this sweep asks the match (or the user), then the slot. Last, it
/// wakes every case whose reassignment a crash left unchecked: the case finishes the check as it activates.
/// </summary>
public sealed class InterruptedProposalSweep(GrainStateReader reader, IGrainFactory grains, ILogger<InterruptedProposalSweep> logger) : IStartupTask
{
    public async Task Execute(CancellationToken cancellationToken)
    {
        try
        {
            var interrupted = (await reader.ReadAll<MatchState>(StateNames.Match)).Where(m => m.Phase == MatchState.Reserving).ToList();
            foreach (var match in interrupted)
            {
                await grains.GetGrain<IMatchGrain>(match.Id).Recover();
            }

            var freed = 0;
            var slots = await reader.ReadAll<MatchSlotState>(StateNames.MatchSlot);
            foreach (var slot in slots.Where(s => s.MatchId is not null))
            {
                if (!await grains.GetGrain<IMatchGrain>(slot.MatchId!.Value).Holds(slot.UserId))
                {
                    await grains.GetGrain<IMatchSlotGrain>(slot.UserId).Release(slot.MatchId.Value);
                    freed++;
                }
            }

            foreach (var slot in slots.Where(s => s.Move is not null))
            {
                if (!await grains.GetGrain<IUserGrain>(slot.UserId).Moving(slot.Move!.Id))
                {
                    await grains.GetGrain<IMatchSlotGrain>(slot.UserId).ReleaseHold(slot.Move.Id);
                    freed++;
                }
            }

            var unverified = await reader.ReadWhereSet<GuestCaseState>(StateNames.GuestCase, nameof(GuestCaseState.Unchecked));
            foreach (var guestCase in unverified)
            {
                await grains.GetGrain<IGuestCaseGrain>(guestCase.GuestId).Get();
            }

            if (interrupted.Count + freed + unverified.Count > 0)
            {
                logger.LogWarning("Undid {Proposals} interrupted proposals, freed {Slots} stale match slots and move holds, checked {Cases} interrupted case reassignments",
                    interrupted.Count, freed, unverified.Count);
            }
        }
        catch (Exception e)
        {
            // What is left is repaired by the next proposal of those people, or the next start.
            logger.LogWarning("Could not finish the sweep of interrupted proposals: {Error}", e.GetType().Name);
        }
    }
}
