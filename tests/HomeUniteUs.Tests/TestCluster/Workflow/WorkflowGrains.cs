using System.Text.Json;
using HomeUniteUs.Grains.Interfaces.Access;
using HomeUniteUs.Grains.Interfaces.Workflow;
using HomeUniteUs.Grains.Storage;
using HomeUniteUs.Grains.Workflow;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Storage;

namespace HomeUniteUs.Tests.TestCluster.Workflow;

/// <summary>Users, cases and dashboard reads on a grain cluster, and a look at the storage rows underneath.</summary>
public sealed class WorkflowGrains(GrainCluster cluster)
{
    public ICoordinatorDashboardGrain Dashboard => cluster.Grains.GetGrain<ICoordinatorDashboardGrain>(0);

    public IGuestCaseGrain Case(long guestId) => cluster.Grains.GetGrain<IGuestCaseGrain>(guestId);

    /// <summary>A new active user through the user grain (ids far above the sequence's, so tests never collide).</summary>
    public async Task<UserView> User(string role, string? firstName = null, string? lastName = null)
    {
        var id = Random.Shared.NextInt64(1_000_000, 1_000_000_000_000);
        var user = cluster.Grains.GetGrain<IUserGrain>(id);
        await user.Create(new NewUser($"{role}.{id}@example.com", firstName ?? role, null, lastName ?? id.ToString(System.Globalization.CultureInfo.InvariantCulture), role));
        return await user.Activate();
    }

    /// <summary>The dashboard's items by user id, parsed from the document it serves.</summary>
    public async Task<Dictionary<long, DashboardItem>> Items()
    {
        var snapshot = await Dashboard.Snapshot(null);
        return Parse(snapshot.Document!).ToDictionary(i => i.Id);
    }

    public static List<DashboardItem> Parse(byte[] document) =>
        JsonSerializer.Deserialize<DashboardDocument>(document)!.DashboardItems.ToList();

    /// <summary>Rows written to grain storage so far: each insert and each update adds one to a row's version.</summary>
    public async Task<long> RowWrites()
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT coalesce(sum(version), 0) FROM orleansstorage", connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Writes a case straight through the storage provider, with its dashboard source row as the grain writes it
    /// (<see cref="SourceRows"/>): a change whose notification is lost.
    /// </summary>
    /// <summary>The case as grain storage holds it (a fresh state when it has none).</summary>
    public async Task<GuestCaseState> StoredCase(long guestId)
    {
        var storage = cluster.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StateNames.Store);
        var state = new GrainState<GuestCaseState>(new GuestCaseState());
        await storage.ReadStateAsync(StateNames.GuestCase, Case(guestId).GetGrainId(), state);
        return state.State ?? new GuestCaseState();
    }

    public async Task WriteCaseBehindTheGrainsBack(long guestId, Action<GuestCaseState> change)
    {
        var storage = cluster.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StateNames.Store);
        var grainId = Case(guestId).GetGrainId();
        var state = new GrainState<GuestCaseState>(new GuestCaseState());
        await storage.ReadStateAsync(StateNames.GuestCase, grainId, state);
        state.State ??= new GuestCaseState();
        change(state.State);
        await storage.WriteStateAsync(StateNames.GuestCase, grainId, state);
        await cluster.Cluster.Silos[0].ServiceProvider.GetRequiredService<SourceRows>().Case(state.State);
    }
}
