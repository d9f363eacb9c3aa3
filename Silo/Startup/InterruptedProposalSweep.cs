using HomeUniteUs.Grains.Interfaces.Matches;
using HomeUniteUs.Grains.Matches;
using HomeUniteUs.Grains.Storage;

namespace HomeUniteUs.Silo.Startup;

/// <summary>
/// On silo start, undoes every proposal a crash interrupted and frees every slot whose match no
/// longer holds it, so each slot is bound to a live match or free without waiting for the next
/// proposal of that person. The slots never call out; this sweep asks the match, then the slot.
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
            foreach (var slot in (await reader.ReadAll<MatchSlotState>(StateNames.MatchSlot)).Where(s => s.MatchId is not null))
            {
                if (!await grains.GetGrain<IMatchGrain>(slot.MatchId!.Value).Holds(slot.UserId))
                {
                    await grains.GetGrain<IMatchSlotGrain>(slot.UserId).Release(slot.MatchId.Value);
                    freed++;
                }
            }

            if (interrupted.Count + freed > 0)
            {
                logger.LogWarning("Undid {Proposals} interrupted proposals and freed {Slots} stale match slots", interrupted.Count, freed);
            }
        }
        catch (Exception e)
        {
            // What is left is repaired by the next proposal of those people, or the next start.
            logger.LogWarning("Could not finish the sweep of interrupted proposals: {Error}", e.GetType().Name);
        }
    }
}
