using System.Collections.Concurrent;
using HomeUniteUs.Grains.Interfaces.HousingOrgs;

namespace HomeUniteUs.Grains.Workflow;

/// <summary>
/// The dashboard as callers see it, combined from the views (<see cref="DashboardViewGrain"/>) a <see cref="ReachView"/>
/// covers: a coordinator's read asks their org's view and the pool's, an admin's every view. Each view is asked with the
/// ETag this worker last had from it, so an unchanged view answers in a few bytes; the combined ETag is a hash of the
/// views' ETags (the same on every silo), and the combined document is rebuilt only when one of them changed.
/// A stateless worker (one per silo): nothing here is the only copy of anything.
/// </summary>
[StatelessWorker(1)]
[Reentrant]
public sealed class CoordinatorDashboardGrain : Grain, ICoordinatorDashboardGrain
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly string[] RoleOrder = [UserRoles.Guest, UserRoles.Host, UserRoles.Coordinator];

    private readonly ConcurrentDictionary<long, DashboardRows> parts = new();
    private readonly ConcurrentDictionary<ReachView, DashboardSnapshot> combined = new();

    public async Task UserChanged(UserView? user, long userId, long version) =>
        await View(user is null ? await DashboardNotifications.ViewOfPerson(GrainFactory, userId) : DashboardViews.KeyOf(user.HousingOrgId))
            .UserChanged(user, userId, version);

    public async Task CaseChanged(GuestCase? guestCase, long guestId, long version) =>
        await (await ViewOf(guestId)).CaseChanged(guestCase, guestId, version);

    public async Task IntakeChanged(long userId, string status, DateTimeOffset updatedAt, long version) =>
        await (await ViewOf(userId)).IntakeChanged(userId, status, updatedAt, version);

    public async Task JourneyChanged(long userId, bool interviewComplete, bool trainingComplete, long version) =>
        await (await ViewOf(userId)).JourneyChanged(userId, interviewComplete, trainingComplete, version);

    /// <summary>A match no longer live names nobody: every view that may hold it is told.</summary>
    public async Task MatchChanged(Match? match, long matchId, long version)
    {
        var keys = match is null ? await AllViews() : [await DashboardNotifications.ViewOfMatch(GrainFactory, match.GuestId, match.HostId)];
        await Task.WhenAll(keys.Select(key => View(key).MatchChanged(match, matchId, version)));
    }

    public Task<DashboardSnapshot> Snapshot(string? knownETag) => SnapshotOf(ReachView.Everyone, knownETag);

    public async Task<DashboardSnapshot> SnapshotOf(ReachView view, string? knownETag)
    {
        ArgumentNullException.ThrowIfNull(view);
        var keys = DashboardViews.PartsOf(view) ?? await AllViews();
        var current = await Task.WhenAll(keys.Select(async key =>
        {
            var known = parts.GetValueOrDefault(key);
            var answer = await View(key).Rows(known?.ETag);
            if (answer.Items is null && known is not null && answer.ETag == known.ETag)
            {
                return known;
            }

            var fresh = answer.Items is not null ? answer : await View(key).Rows(null);
            parts[key] = fresh;
            return fresh;
        }));

        var etag = CombinedETag(view, current);
        if (knownETag == etag)
        {
            return new DashboardSnapshot(etag, null);
        }

        if (combined.TryGetValue(view, out var built) && built.ETag == etag)
        {
            return built;
        }

        var items = current.SelectMany(p => p.Items!).Where(i => view.Shows(ScopeOf(i)))
            .OrderBy(i => Array.IndexOf(RoleOrder, i.UserType.ToLowerInvariant())).ThenBy(i => i.Id).ToList();
        built = new DashboardSnapshot(etag, JsonSerializer.SerializeToUtf8Bytes(new DashboardDocument(items), Json));
        combined[view] = built;
        return built;
    }

    public async Task<ProgramStats> Stats(long? housingOrgId) => (await View(DashboardViews.KeyOf(housingOrgId)).Stats()).Stats;

    public async Task<ProgramStatsSet> AllStats(IReadOnlyList<long> housingOrgIds)
    {
        ArgumentNullException.ThrowIfNull(housingOrgIds);
        var keys = (long[])[.. housingOrgIds, DashboardViews.Pool];
        var all = await Task.WhenAll(keys.Select(key => View(key).Stats()));
        return new ProgramStatsSet(ProgramStatsBook.Combine(null, all).Stats, [.. all.Select(p => p.Stats)]);
    }

    public async Task<IReadOnlyList<UserView>> UsersInRole(string role)
    {
        var views = await Task.WhenAll((await AllViews()).Select(key => View(key).UsersInRole(role)));
        return [.. views.SelectMany(v => v).OrderBy(u => u.Id)];
    }

    public Task<IReadOnlyList<UserView>> Members(long housingOrgId) => View(housingOrgId).Members();

    public async Task Reconcile() => await Task.WhenAll((await AllViews()).Select(key => View(key).Reconcile()));

    /// <summary>Every view: each housing org's and the pool's (an org with members cannot be deleted).</summary>
    private async Task<IReadOnlyList<long>> AllViews() =>
        [.. (await GrainFactory.GetGrain<IHousingOrgRegistryGrain>(0).List()).Select(o => o.Id).Order(), DashboardViews.Pool];

    private async Task<IDashboardViewGrain> ViewOf(long personId) => View(await DashboardNotifications.ViewOfPerson(GrainFactory, personId));

    private IDashboardViewGrain View(long key) => GrainFactory.GetGrain<IDashboardViewGrain>(key);

    /// <summary>Who a row is, as far as reach goes (reach never depends on lead).</summary>
    private static MemberScope ScopeOf(DashboardItem item) => new(item.Id, item.UserType.ToLowerInvariant(), item.HousingOrgId, false);

    /// <summary>A hash of the view and the ETags of the views it combines, in order: equal on every silo for equal content.</summary>
    private static string CombinedETag(ReachView view, IEnumerable<DashboardRows> rows)
    {
        var text = $"{view.Reacher?.Role}|{view.Reacher?.HousingOrgId}|{view.ByOrg}|{view.HousingOrgId}|{string.Join(',', rows.Select(r => r.ETag))}";
        return $"\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16))}\"";
    }
}
