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
            var applied = new HashSet<string>(StringComparer.Ordinal);
            await using (var read = new NpgsqlCommand("SELECT version FROM huu_schema_migrations", connection))
            await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    applied.Add(reader.GetString(0));
                }
            }

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

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
