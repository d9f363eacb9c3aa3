using HomeUniteUs.Grains.Interfaces.Access;
using HomeUniteUs.Grains.Interfaces.Workflow;

namespace HomeUniteUs.Bench;

/// <summary>
/// The bench population: user number i has the id <see cref="FirstId"/> + i (far above the id
/// sequence of a fresh database); one in 20 is a coordinator, one in 5 a host, the rest guests,
/// each with a case owned by the coordinator of its block of 20, a third of them with notes; all members
/// of <paramref name="housingOrgId"/> (null: the unaffiliated pool).
/// </summary>
public sealed class BenchPopulation(IClusterClient grains, long? housingOrgId = null)
{
    public const long FirstId = 1_000_000;

    private static readonly Caller Admin = new(0, UserRoles.Admin);

    public static string RoleOf(long index) => (index % 20) switch
    {
        0 => UserRoles.Coordinator,
        1 or 6 or 11 or 16 => UserRoles.Host,
        _ => UserRoles.Guest,
    };

    public async Task Populate(long start, int count)
    {
        // Coordinators first, so that every case has its coordinator when the dashboard shows it.
        var indexes = Enumerable.Range(0, count).Select(i => start + i).ToList();
        await ForEach(indexes.Where(i => RoleOf(i) != UserRoles.Guest), User);
        await ForEach(indexes.Where(i => RoleOf(i) == UserRoles.Guest), Guest);
    }

    public async Task Guest(long index)
    {
        await User(index);
        var guestCase = grains.GetGrain<IGuestCaseGrain>(FirstId + index);
        await guestCase.Open(FirstId + (index / 20 * 20));
        if (index % 3 == 0)
        {
            await guestCase.Update(new GuestCaseChange(null, null, $"Bench note {index}: called, left a message, will call back on Monday."), Admin);
        }
    }

    public Task Reconcile() => grains.GetGrain<ICoordinatorDashboardGrain>(0).Reconcile();

    private async Task User(long index)
    {
        var role = RoleOf(index);
        var user = grains.GetGrain<IUserGrain>(FirstId + index);
        if (await user.Get() is not null)
        {
            return;
        }

        await user.Create(new NewUser($"bench.{role}.{index}@example.com", Capitalized(role), null, $"Number{index}", role, housingOrgId));
        await user.Activate();
    }

    private static string Capitalized(string role) => char.ToUpperInvariant(role[0]) + role[1..];

    private static async Task ForEach(IEnumerable<long> indexes, Func<long, Task> create)
    {
        var done = 0;
        await Parallel.ForEachAsync(indexes, new ParallelOptions { MaxDegreeOfParallelism = 48 }, async (index, _) =>
        {
            await create(index);
            if (Interlocked.Increment(ref done) % 1000 == 0)
            {
                await Console.Error.WriteLineAsync($"  {done} created");
            }
        });
    }
}
