using HomeUniteUs.Grains.Interfaces.Validation;

namespace HomeUniteUs.Grains.Workflow;

/// <summary>
/// The case of one guest (keyed by the guest's user id). Every change is one row written and one
/// notification to the dashboard projection, after the write.
/// </summary>
public sealed class GuestCaseGrain(
    [PersistentState(StateNames.GuestCase, StateNames.Store)] IPersistentState<GuestCaseState> stored,
    SourceRows rows,
    TimeProvider clock,
    ILogger<GuestCaseGrain> logger) : Grain, IGuestCaseGrain, IMayBeUnknown
{
    /// <summary>The coordinator id of a case nobody coordinates (an admin's invite).</summary>
    private const long Unassigned = 0;

    private long GuestId => this.GetPrimaryKeyLong();

    public bool IsUnknown => !stored.State.Exists;

    /// <summary>
    /// Repairs the case's row after a write whose row update was lost (a crash, an outage), and finishes a reassignment
    /// whose check a crash cut off: its coordinator still in the guest's org keeps it, otherwise the case goes back.
    /// </summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (stored.State.Version > 0)
        {
            await KeepRow(stored.State);
        }

        if (stored.State.Unchecked is { } before)
        {
            try
            {
                await EnsureCoordinatorStayed(stored.State.CoordinatorId, before);
            }
            catch (HuuException e) when (e.Status == 409)
            {
                logger.LogWarning("Case of guest {GuestId}: an interrupted reassignment was undone ({Reason})", GuestId, e.Message);
            }
        }
    }

    public Task<GuestCase?> Get() => Task.FromResult(stored.State.ToCase());

    public async Task<GuestCase> Open(long coordinatorId)
    {
        if (stored.State.ToCase() is { } open)
        {
            return open;
        }

        var now = clock.GetUtcNow();
        await Save(new GuestCaseState
        {
            GuestId = GuestId,
            CoordinatorId = coordinatorId,
            Status = GuestCaseStatus.InProgress,
            Notes = string.Empty,
            CreatedAt = now,
            UpdatedAt = now,
            Exists = true,
        });
        return stored.State.ToCase()!;
    }

    public async Task<GuestCase> Update(GuestCaseChange change, Caller caller)
    {
        var current = stored.State.ToCase() ?? await Unopened(caller);

        // Coordinating a case opens the guest's intake answers to that coordinator, so nobody takes a
        // case for themselves: an unassigned case (or a guest without one) is assigned by an admin.
        if (!caller.IsAdmin && (current.CoordinatorId == Unassigned || caller.UserId != current.CoordinatorId) && !await LeadsGuestsOrg(caller))
        {
            throw HuuException.Forbidden(current.CoordinatorId == Unassigned
                ? "Only an admin assigns an unassigned case"
                : "Only the case's coordinator or an admin may change this case");
        }

        var reassigned = change.CoordinatorId is { } to && to != current.CoordinatorId && to != Unassigned ? to : (long?)null;
        if (reassigned is { } coordinatorId)
        {
            // The guest's move reads this case through this grain, one call at a time: refused here while it runs,
            // and a move that starts later reads the case as this call leaves it (invariants 9 and 10).
            await EnsureNoMoveUnderWay(GuestId);
            await EnsureNoMoveUnderWay(coordinatorId);
        }

        await Validate(change, current);
        var next = current with
        {
            CoordinatorId = change.CoordinatorId ?? current.CoordinatorId,
            Status = change.Status ?? current.Status,
            Notes = change.Notes ?? current.Notes,
        };
        if (next == current && stored.State.Exists)
        {
            // Nothing differs: no write, no new timestamp, and the dashboard's ETag stays.
            return current;
        }

        var now = clock.GetUtcNow();
        var before = stored.State;
        await Save(new GuestCaseState
        {
            GuestId = GuestId,
            CoordinatorId = next.CoordinatorId,
            Status = next.Status,
            Notes = next.Notes,
            CreatedAt = stored.State.Exists ? current.CreatedAt : now,
            UpdatedAt = now,
            Exists = true,
            Unchecked = reassigned is null ? null : UncheckedReassignment.Of(before),
        });
        if (reassigned is { } assigned)
        {
            Access.CrashPoints.Reach(Access.CrashPoints.CaseAfterReassignWrite);
            await EnsureCoordinatorStayed(assigned, stored.State.Unchecked!);
        }

        return stored.State.ToCase()!;
    }

    public async Task MatchChanged(bool matched)
    {
        var current = stored.State.ToCase();
        var status = matched ? GuestCaseStatus.Matched : GuestCaseStatus.InProgress;
        if (current is null || current.Status == status || (!matched && current.Status != GuestCaseStatus.Matched))
        {
            return;
        }

        var now = clock.GetUtcNow();
        await Save(stored.State.With(s =>
        {
            s.Status = status;
            s.UpdatedAt = now;
        }));
    }

    public async Task<bool> Delete()
    {
        if (!stored.State.Exists)
        {
            return false;
        }

        await Save(new GuestCaseState { GuestId = GuestId, UpdatedAt = clock.GetUtcNow(), Exists = false });
        DeactivateOnIdle();
        return true;
    }

    /// <summary>
    /// The case a guest without one would have: unassigned, in progress, for an admin to assign.
    /// Only a guest can have a case.
    /// </summary>
    private async Task<GuestCase> Unopened(Caller caller)
    {
        var guest = await GrainFactory.GetGrain<IUserGrain>(GuestId).Get();
        if (guest is null || guest.Role != UserRoles.Guest || !(caller.IsAdmin || caller.IsCoordinator))
        {
            throw HuuException.NotFound($"Guest {GuestId} has no case.");
        }

        return new GuestCase(GuestId, Unassigned, GuestCaseStatus.InProgress, string.Empty, default, default);
    }

    /// <summary>
    /// How long a reassignment waits for a running move of its coordinator to end (one grain turn of theirs: a
    /// few storage calls) before it gives up with 409: 50 polls 100 ms apart.
    /// </summary>
    private static class MoveWait
    {
        public const int Polls = 50;
        public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    }

    /// <summary>409 while a membership move of <paramref name="userId"/> runs: its hold on their match slot, of a move their user grain still runs.</summary>
    private async Task EnsureNoMoveUnderWay(long userId)
    {
        if (await GrainFactory.GetGrain<IMatchSlotGrain>(userId).Move() is { } hold && await GrainFactory.GetGrain<IUserGrain>(userId).Moving(hold.Id))
        {
            throw HuuException.Conflict($"A housing org change of user {userId} is under way: try again", [$"housing org change of user #{userId}"]);
        }
    }

    /// <summary>
    /// A coordinator's move reads their cases from storage, not through this grain, so a move that checked their
    /// caseload before this case's write may have gone ahead. Read after the write, their slot's hold (then the
    /// orgs) shows it: a move still running holds the slot, and is waited for (<see cref="MoveWait"/>); one that
    /// ended has written its org by the time the orgs are read. A coordinator no longer in the guest's org puts
    /// the case back to <paramref name="before"/> and the change is refused (409); one who stayed keeps it, and the
    /// case's <see cref="GuestCaseState.Unchecked"/> mark is cleared.
    /// </summary>
    private async Task EnsureCoordinatorStayed(long coordinatorId, UncheckedReassignment before)
    {
        try
        {
            var slot = GrainFactory.GetGrain<IMatchSlotGrain>(coordinatorId);
            var user = GrainFactory.GetGrain<IUserGrain>(coordinatorId);
            for (var waited = 0; await slot.Move() is { } hold && await user.Moving(hold.Id); waited++)
            {
                if (waited == MoveWait.Polls)
                {
                    throw HuuException.Conflict($"A housing org change of user {coordinatorId} is under way: try again", [$"housing org change of user #{coordinatorId}"]);
                }

                await Task.Delay(MoveWait.Interval);
            }

            var coordinator = await user.Get();
            var guest = await GrainFactory.GetGrain<IUserGrain>(GuestId).Get();
            if (coordinator?.HousingOrgId != guest?.HousingOrgId)
            {
                throw HuuException.Conflict($"Coordinator {coordinatorId} left the guest's housing org meanwhile", [$"housing org change of user #{coordinatorId}"]);
            }
        }
        catch (HuuException e) when (e.Status == 409)
        {
            await Save(before.Restore(stored.State, clock.GetUtcNow()));
            throw;
        }

        // The same case without its mark (the dashboard's rows do not change).
        await Save(stored.State.With(s => s.Unchecked = null));
    }

    /// <summary>The lead of the guest's housing org assigns and reassigns its cases like an admin.</summary>
    private async Task<bool> LeadsGuestsOrg(Caller caller) =>
        caller.IsCoordinator
        && await GrainFactory.GetGrain<IUserGrain>(caller.UserId).Get() is { Lead: true } by
        && await GrainFactory.GetGrain<IUserGrain>(GuestId).Get() is { } guest
        && Reach.LeadsOrgOf(by.Scope, guest.Scope);

    private async Task Validate(GuestCaseChange change, GuestCase current)
    {
        var errors = new List<FieldError>();
        if (change.Status is not null && !GuestCaseStatus.All.Contains(change.Status))
        {
            errors.Add(new FieldError("status", $"Input should be one of: {string.Join(", ", GuestCaseStatus.All)}"));
        }

        if (change.Notes is { } notes && TextRules.IsLongerThan(notes, GuestCaseLimits.MaxNotesLength))
        {
            errors.Add(new FieldError("notes", $"String should have at most {GuestCaseLimits.MaxNotesLength} characters"));
        }

        if (change.CoordinatorId is { } coordinatorId && coordinatorId != current.CoordinatorId)
        {
            var coordinator = await GrainFactory.GetGrain<IUserGrain>(coordinatorId).Get();
            if (coordinator is null)
            {
                errors.Add(new FieldError("coordinatorId", $"No user has the id {coordinatorId}"));
            }
            else if (coordinator.Role != UserRoles.Coordinator)
            {
                errors.Add(new FieldError("coordinatorId", $"User {coordinatorId} is not a coordinator"));
            }
            else if (coordinator.HousingOrgId != (await GrainFactory.GetGrain<IUserGrain>(GuestId).Get())?.HousingOrgId)
            {
                errors.Add(new FieldError("coordinatorId", $"Coordinator {coordinatorId} is not in the guest's housing org"));
            }
        }

        if (errors.Count > 0)
        {
            throw HuuException.Validation(errors);
        }
    }

    private Task KeepRow(GuestCaseState state) => rows.Keep(r => r.Case(state), "case", GuestId, state.Version, DeactivateOnIdle);

    /// <summary>Writes <paramref name="next"/> as the next version and its row, then tells the dashboard.</summary>
    private async Task Save(GuestCaseState next)
    {
        await stored.WriteNext(next, DeactivateOnIdle);
        await KeepRow(next);
        await DashboardNotifications.CaseChanged(GrainFactory, next.ToCase(), GuestId, next.Version, logger);
    }
}
