using HomeUniteUs.Grains.Idempotency;
using HomeUniteUs.Grains.Interfaces.HousingOrgs;
using HomeUniteUs.Grains.Interfaces.Idempotency;
using HomeUniteUs.Grains.Interfaces.ReadCaches;
using HomeUniteUs.Grains.ReadCaches;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace HomeUniteUs.Grains.HousingOrgs;

/// <summary>
/// Holds no state of its own: the name index is rebuilt from the org grains' stored rows on
/// activation, and every write passes through this single activation, so names stay unique
/// and a crash between steps cannot leave the index wrong. Every change is reported to the
/// gateways' read caches before it is acknowledged.
/// Reentrant: writes queue only behind writes of the same name or id (<see cref="KeyTurns"/>, name
/// before id), so creates and updates of different orgs wait for the database side by side instead
/// of one at a time. Every check and index change happens inside the turns it needs.
/// </summary>
[Reentrant]
public sealed class HousingOrgRegistryGrain(
    GrainStateReader reader,
    IdSequence ids,
    KeysRecordedByWrites keys,
    [FromKeyedServices(StateNames.Store)] IGrainStorage storage,
    TimeProvider clock,
    ILogger<HousingOrgRegistryGrain> logger) : Grain, IHousingOrgRegistryGrain
{
    private readonly SortedDictionary<long, string> namesById = [];
    private readonly Dictionary<string, long> idsByName = new(StringComparer.Ordinal);
    private readonly KeyTurns turns = new();

    /// <summary>Ids taken from the sequence and not handed out yet (<see cref="IdBlock"/> at a time: one statement fewer per create).</summary>
    private readonly SortedSet<long> spareIds = [];

    /// <summary>Ids taken from the sequence at once; a deactivation skips at most this many less one.</summary>
    private const int IdBlock = 16;

    /// <summary>The highest id a client chose with a PUT: no spare id up to it is handed out.</summary>
    private long chosenUpTo;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var org in await reader.ReadAll<HousingOrgState>(StateNames.HousingOrg))
        {
            if (org.Exists)
            {
                Index(org.Id, org.Name);
            }
        }

        logger.LogInformation("Housing-org registry active on this silo, rebuilt from storage: {Count} orgs", namesById.Count);
    }

    public Task<HousingOrg?> Get(long id) =>
        Task.FromResult(namesById.TryGetValue(id, out var name) ? new HousingOrg(id, name) : null);

    public Task<IReadOnlyList<HousingOrg>> List() =>
        Task.FromResult<IReadOnlyList<HousingOrg>>([.. namesById.Select(entry => new HousingOrg(entry.Key, entry.Value))]);

    public async Task<HousingOrgUpsert> Create(string name, IdempotencyKeyRequest? key)
    {
        using var nameTurn = await turns.Enter(NameKey(name));
        if (idsByName.TryGetValue(name, out var existing))
        {
            var taken = new HousingOrgUpsert(new HousingOrg(existing, name), Created: false);
            if (key is null)
            {
                return taken;
            }

            // Nothing is created: the key is stored with this answer, unless it is held already (this request's first
            // run created the org that holds the name now, or found the name taken too: its answer again).
            return await keys.RecordOrFind(key, TakenStatus, existing) is { } held ? Replay(key, held, name) : taken;
        }

        // A Put may have chosen the sequence's next id for itself meanwhile: the id's turn, then a fresh id if it is taken
        // (or at or below an id a Put chose: no grain of it may have run, see Insert).
        long id;
        IDisposable idTurn;
        while (true)
        {
            id = await NextId();
            idTurn = await turns.Enter(IdKey(id));
            if (!namesById.ContainsKey(id) && id > chosenUpTo)
            {
                break;
            }

            idTurn.Dispose();
        }

        using var heldId = idTurn;
        try
        {
            await Insert(id, name, key);
        }
        catch (Exception failure) when (key is not null && KeysRecordedByWrites.IsHeld(failure))
        {
            // The key's row was there before this org's: nothing was inserted (the id is skipped, as a rolled-back nextval).
            return Replay(key, await keys.Find(key), name);
        }

        Index(id, name);
        await ReadCacheNotifications.Changed(GrainFactory, CachedRead.HousingOrg, id, clock, logger);
        return new HousingOrgUpsert(new HousingOrg(id, name), Created: true);
    }

    /// <summary>The status stored for a create that found its name taken (the gateway answers 303 See Other).</summary>
    private const int TakenStatus = 303;

    /// <summary>The first run's answer, for a repeat of the same request (the key binds its body, so its name is this one).</summary>
    private static HousingOrgUpsert Replay(IdempotencyKeyRequest key, RecordedKey? held, string name)
    {
        var (status, id) = KeysRecordedByWrites.Decide(key, held);
        return new HousingOrgUpsert(new HousingOrg(id, name), Created: status != TakenStatus, Replayed: true);
    }

    public async Task<HousingOrgUpsert> Put(long id, string name)
    {
        using var nameTurn = await turns.Enter(NameKey(name));
        using var idTurn = await turns.Enter(IdKey(id));
        if (idsByName.TryGetValue(name, out var holder) && holder != id)
        {
            throw HuuException.Conflict($"Another housing org (id {holder}) already has the name '{name}'");
        }

        var created = !namesById.TryGetValue(id, out var oldName);
        if (created)
        {
            // Creates after a client chose an id get higher ones, as from the sequence itself: spare ids up to it are dropped.
            chosenUpTo = Math.Max(chosenUpTo, id);
            spareIds.RemoveWhere(spare => spare <= chosenUpTo);
            await ids.Reserve(IdSequence.HousingOrgs, id);
        }

        var org = await GrainFactory.GetGrain<IHousingOrgGrain>(id).Save(name);
        if (oldName is not null)
        {
            idsByName.Remove(oldName);
        }

        Index(id, name);
        await ReadCacheNotifications.Changed(GrainFactory, CachedRead.HousingOrg, id, clock, logger);
        return new HousingOrgUpsert(org, created);
    }

    public async Task<bool> Delete(long id)
    {
        using var idTurn = await turns.Enter(IdKey(id));
        if (!namesById.TryGetValue(id, out var name))
        {
            return false;
        }

        await GrainFactory.GetGrain<IHousingOrgGrain>(id).Delete();
        namesById.Remove(id);
        idsByName.Remove(name);
        await ReadCacheNotifications.Changed(GrainFactory, CachedRead.HousingOrg, id, clock, logger);
        return true;
    }

    /// <summary>
    /// A new org's first row, inserted here through the org grains' own storage: a create activates no grain and reads
    /// no row, and the org's grain reads this one when it is first called (a rename, a delete). Only for an id from the
    /// sequence that no PUT has chosen (above <see cref="chosenUpTo"/>): no grain of it can have run, so no row of it
    /// can exist, and a write without an ETag is an insert that fails if one does. With <paramref name="key"/> the row
    /// carries it, and migration 0010's trigger stores it in the same statement (or fails the insert if it is held).
    /// </summary>
    private async Task Insert(long id, string name, IdempotencyKeyRequest? key)
    {
        var state = new HousingOrgState().Named(id, name, clock.GetUtcNow());
        state.CreatedWithKey = key;
        await storage.WriteStateAsync(StateNames.HousingOrg, GrainFactory.GetGrain<IHousingOrgGrain>(id).GetGrainId(), new GrainState<HousingOrgState>(state));
    }

    /// <summary>The highest id an org can have: ids in paths and bodies are at most int's (API.md), so no create goes past it.</summary>
    private const long MaxId = int.MaxValue;

    private async Task<long> NextId()
    {
        while (spareIds.Count == 0)
        {
            // A block fetched while a PUT moved the sequence may hold ids below the PUT's.
            var block = await ids.NextBlock(IdSequence.HousingOrgs, IdBlock);
            if (block.All(id => id > MaxId))
            {
                // Only after a PUT chose an id near the top (the sequence follows it): the ids left are all below it.
                throw HuuException.Conflict($"No new housing org id is left: ids go up to {MaxId}; create the org with PUT at a free id");
            }

            spareIds.UnionWith(block.Where(id => id > chosenUpTo && id <= MaxId));
        }

        var id = spareIds.Min;
        spareIds.Remove(id);
        return id;
    }

    private static string NameKey(string name) => "name:" + name;

    private static string IdKey(long id) => "id:" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private void Index(long id, string name)
    {
        namesById[id] = name;
        idsByName[name] = id;
    }
}
