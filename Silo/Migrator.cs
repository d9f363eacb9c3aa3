using System.Reflection;
using Npgsql;

namespace HomeUniteUs.Silo;

/// <summary>
/// Applies the embedded Migrations/*.sql files in name order, each once and in its own
/// transaction, recorded in a journal table. An advisory lock makes silos that start
/// together take turns, so each migration runs exactly once.
/// </summary>
public static class Migrator
{
    private const long LockKey = 0x48_55_55_4D_49_47; // "HUUMIG"

    public static async Task<IReadOnlyList<string>> Apply(string connectionString, CancellationToken cancellationToken = default)
    {
        var scripts = Scripts();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await Execute(connection, null, $"SELECT pg_advisory_lock({LockKey})", cancellationToken);
        try
        {
            await Execute(connection, null, """
                CREATE TABLE IF NOT EXISTS huu_schema_migrations (
                    version text PRIMARY KEY,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """, cancellationToken);
            var applied = await Journal(connection, cancellationToken);
            var newlyApplied = new List<string>();
            foreach (var (version, sql) in scripts)
            {
                if (applied.Contains(version))
                {
                    continue;
                }

                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await Execute(connection, transaction, sql, cancellationToken);
                await using (var journal = new NpgsqlCommand("INSERT INTO huu_schema_migrations(version) VALUES (@v)", connection, transaction))
                {
                    journal.Parameters.AddWithValue("v", version);
                    await journal.ExecuteNonQueryAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
                newlyApplied.Add(version);
            }

            return newlyApplied;
        }
        finally
        {
            await Execute(connection, null, $"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
        }
    }

    /// <summary>The versions of this build's scripts that the journal does not show (all of them before the first run).</summary>
    public static async Task<IReadOnlyList<string>> Missing(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT to_regclass('huu_schema_migrations') IS NOT NULL", connection);
        var applied = (bool)(await exists.ExecuteScalarAsync(cancellationToken))!
            ? await Journal(connection, cancellationToken)
            : [];
        return [.. Scripts().Select(script => script.Version).Where(version => !applied.Contains(version))];
    }

    /// <summary>
    /// Returns once the journal shows every script of this build, applying nothing (migrations are another
    /// process's job: deploy/kubernetes' Job). Polls every <paramref name="period"/>; an unreachable database
    /// is waited for as well. Writes what it waits for to <paramref name="log"/> when that changes.
    /// </summary>
    public static async Task WaitUntilApplied(string connectionString, TextWriter log, TimeSpan period, CancellationToken cancellationToken = default)
    {
        string? last = null;
        while (true)
        {
            string state;
            try
            {
                var missing = await Missing(connectionString, cancellationToken);
                if (missing.Count == 0)
                {
                    await log.WriteLineAsync("Migrations: the journal shows every migration of this build; starting");
                    return;
                }

                state = $"Migrations: waiting for {missing.Count} to be applied (HUU_MIGRATIONS=wait applies none): {string.Join(", ", missing)}";
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException)
            {
                state = $"Migrations: waiting for the database ({e.Message})";
            }

            if (state != last)
            {
                await log.WriteLineAsync(state);
                last = state;
            }

            await Task.Delay(period, cancellationToken);
        }
    }

    /// <summary>The embedded scripts as (version, sql), version = file name without extension.</summary>
    public static IReadOnlyList<(string Version, string Sql)> Scripts()
    {
        var assembly = typeof(Migrator).Assembly;
        const string marker = ".Migrations.";
        return [.. assembly.GetManifestResourceNames()
            .Where(name => name.Contains(marker, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name => (Version: name[(name.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..^".sql".Length], Resource: name))
            .OrderBy(script => script.Version, StringComparer.Ordinal)
            .Select(script => (script.Version, Read(assembly, script.Resource)))];
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static async Task<HashSet<string>> Journal(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var applied = new HashSet<string>(StringComparer.Ordinal);
        await using var read = new NpgsqlCommand("SELECT version FROM huu_schema_migrations", connection);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied.Add(reader.GetString(0));
        }

        return applied;
    }

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
