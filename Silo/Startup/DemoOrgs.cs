using HomeUniteUs.Grains.Interfaces.Access;
using HomeUniteUs.Grains.Interfaces.HousingOrgs;

namespace HomeUniteUs.Silo.Startup;

/// <summary>
/// The development stack's two demo housing orgs, each with a lead coordinator, a coordinator, two guests
/// and two hosts (password as the other test users): <c>lead.spy@example.com</c>, <c>coordinator.spy@…</c>,
/// <c>guest1.spy@…</c>, <c>guest2.spy@…</c>, <c>host1.spy@…</c>, <c>host2.spy@…</c>, and the same with
/// <c>psy</c>. The seeded users of <see cref="DevelopmentSeeder.Users"/> stay unaffiliated, as before orgs had members.
/// </summary>
public static class DemoOrgs
{
    public static IReadOnlyList<(string Name, string Key)> Orgs { get; } =
        [("Safe Place for Youth (demo)", "spy"), ("Point Source Youth (demo)", "psy")];

    /// <summary>Makes sure both orgs exist (by name); returns their people with the orgs' ids.</summary>
    public static async Task<List<NewUser>> People(IGrainFactory grains)
    {
        var people = new List<NewUser>();
        foreach (var (name, key) in Orgs)
        {
            var org = (await grains.GetGrain<IHousingOrgRegistryGrain>(0).Create(name, null)).Org.Id;
            people.Add(new NewUser($"lead.{key}@example.com", "Lead", null, key.ToUpperInvariant(), UserRoles.Coordinator, org, Lead: true));
            people.Add(new NewUser($"coordinator.{key}@example.com", "Coordinator", null, key.ToUpperInvariant(), UserRoles.Coordinator, org));
            foreach (var n in new[] { 1, 2 })
            {
                people.Add(new NewUser($"guest{n}.{key}@example.com", "Guest", null, $"{key.ToUpperInvariant()} {n}", UserRoles.Guest, org));
                people.Add(new NewUser($"host{n}.{key}@example.com", "Host", null, $"{key.ToUpperInvariant()} {n}", UserRoles.Host, org));
            }
        }

        return people;
    }
}
