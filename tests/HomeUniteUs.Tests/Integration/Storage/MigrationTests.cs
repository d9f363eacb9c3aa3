using HomeUniteUs.Silo;
using HomeUniteUs.Tests.Infrastructure;
using Npgsql;

namespace HomeUniteUs.Tests.Integration.Storage;

public sealed class MigrationTests
{
    private static async Task<string> EmptyDatabase() => SharedServers.ConnectionString(await SharedServers.CreateDatabase());

    private static async Task<List<string>> Journal(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT version FROM huu_schema_migrations ORDER BY version", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var versions = new List<string>();
        while (await reader.ReadAsync())
        {
            versions.Add(reader.GetString(0));
        }

        return versions;
    }

    [Fact]
    public async Task An_empty_database_gets_every_migration_and_the_Orleans_queries()
    {
        var db = await EmptyDatabase();
        var applied = await Migrator.Apply(db);
        Assert.Equal(Migrator.Scripts().Select(s => s.Version), applied);
        Assert.Equal(applied, await Journal(db));

        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT querykey FROM orleansquery", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var keys = new HashSet<string>();
        while (await reader.ReadAsync())
        {
            keys.Add(reader.GetString(0));
        }

        foreach (var key in new[]
        {
            "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey", "DeleteStorageKey",
            "InsertMembershipVersionKey", "UpdateIAmAlivetimeKey", "InsertMembershipKey", "UpdateMembershipKey",
            "MembershipReadRowKey", "MembershipReadAllKey", "DeleteMembershipTableEntriesKey", "GatewaysQueryKey",
            "CleanupDefunctSiloEntriesKey",
        })
        {
            Assert.Contains(key, keys);
        }
    }

    [Fact]
    public async Task Running_twice_applies_nothing_the_second_time()
    {
        var db = await EmptyDatabase();
        await Migrator.Apply(db);
        var before = await Journal(db);
        Assert.Empty(await Migrator.Apply(db));
        Assert.Equal(before, await Journal(db));
    }

    [Fact]
    public async Task Two_migrators_starting_together_apply_each_script_once()
    {
        var db = await EmptyDatabase();
        var results = await Task.WhenAll(Migrator.Apply(db), Migrator.Apply(db), Migrator.Apply(db));
        var all = results.SelectMany(r => r).ToList();
        Assert.Equal(Migrator.Scripts().Select(s => s.Version).Order(), all.Order());
        Assert.Equal(all.Count, (await Journal(db)).Count);
    }
}
