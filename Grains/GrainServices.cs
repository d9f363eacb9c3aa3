using Microsoft.Extensions.DependencyInjection;

namespace HomeUniteUs.Grains;

/// <summary>The services the grains depend on.</summary>
public static class GrainServices
{
    public static IServiceCollection AddHomeUniteUsGrains(this IServiceCollection services, HuuSettings settings)
    {
        services.AddSingleton(settings);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => NpgsqlDataSource.Create(WithPreparedStatements(settings.DatabaseConnectionString)));
        services.AddSingleton<DatabasePools>();
        services.AddSingleton<IIncomingGrainCallFilter, DatabaseOutageFilter>();
        services.AddSingleton<IIncomingGrainCallFilter, UnknownIdFilter>();
        services.AddSingleton<GrainStateReader>();
        services.AddSingleton<IdSequence>();
        services.AddSingleton<Idempotency.KeysRecordedByWrites>();
        services.AddSingleton<ActivityList.ActivityStore>();
        services.AddSingleton<ActivityList.PeopleTable>();
        services.AddSingleton<Workflow.SourceRows>();
        services.AddSingleton<Workflow.DashboardSources>();
        services.AddSingleton<ActivityList.ActivityOutbox>();
        services.AddSingleton<Health.SiloStartup>();
        services.AddSingleton<Access.PendingFlowSweep>();
        services.AddCognitoClient();
        return services;
    }

    /// <summary>
    /// The grains' own statements are a few dozen fixed texts run over and over (an Idempotency-Key's claim, the activity
    /// outbox, the dashboard's rows): Npgsql prepares those used twice on each pooled connection, so PostgreSQL plans them
    /// once per connection instead of on every call (the claim's planning cost more than its execution). A connection
    /// string that sets its own Max Auto Prepare keeps it.
    /// <para>
    /// No Reset On Close: a pooled connection is handed out as it was returned, without the reset Npgsql otherwise puts
    /// ahead of its next statement (with prepared statements kept: <c>RESET ALL</c>, <c>pg_advisory_unlock_all()</c>,
    /// <c>SET SESSION AUTHORIZATION DEFAULT</c>, <c>CLOSE ALL</c>, <c>UNLISTEN *</c>, <c>DISCARD TEMP</c> and
    /// <c>DISCARD SEQUENCES</c>), seven statements PostgreSQL parsed and ran for every grain statement. The grains leave no
    /// session state to reset: their settings are transaction-scoped (<see cref="Storage.TransactionSetting"/>), their
    /// advisory locks are <c>pg_advisory_xact_lock</c>, and they hold no cursors, listeners or temporary tables (the
    /// migrator's session lock is on its own connection). Npgsql still rolls back a transaction left open on a returned
    /// connection.
    /// </para>
    /// <para>At most <see cref="GrainPoolSize"/> connections (<see cref="WithPoolSize"/>).</para>
    /// </summary>
    public static string WithPreparedStatements(string connectionString) => Tuned(connectionString, GrainPoolSize);

    /// <summary>
    /// Orleans' ADO.NET providers (clustering, grain storage, reminders) the same way as the grains'
    /// (<see cref="WithPreparedStatements"/>): their statements are Orleans' fixed queries over its stored functions
    /// (migration 0001), which keep no session state either, so a grain's state read and its write are no longer each
    /// preceded by a <c>DISCARD ALL</c>. At most <see cref="OrleansPoolSize"/> connections.
    /// </summary>
    public static string ForOrleans(string connectionString) => Tuned(connectionString, OrleansPoolSize);

    private static string Tuned(string connectionString, int maxPoolSize)
    {
        var builder = new NpgsqlConnectionStringBuilder(WithPoolSize(connectionString, maxPoolSize));
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }

        builder.NoResetOnClose = true;

        return builder.ConnectionString;
    }

    /// <summary>Connections of the grains' data source per silo, at most.</summary>
    public const int GrainPoolSize = 40;

    /// <summary>Connections of Orleans' ADO.NET providers per silo, at most (clustering, grain storage and reminders share one pool).</summary>
    public const int OrleansPoolSize = 20;

    /// <summary>
    /// Caps a pool at <paramref name="maxPoolSize"/> unless the connection string sets a size of its own (any but Npgsql's
    /// default of 100). Npgsql's default would let each silo open 100 connections in each of its two pools: two silos
    /// could then ask for 400 against the stacks' <c>max_connections</c> of 300, and after the first refusal
    /// <see cref="Storage.DatabasePools"/> clears every pool and the reconnects made it worse. With the caps a silo holds
    /// at most 60 (three silos and two gateways stay under 200); a busy pool queues its callers for a connection (up to
    /// the connection string's Timeout, 15 s by default) instead of asking PostgreSQL for more. Two cores of PostgreSQL
    /// run a handful of statements at a time; more connections only wait inside it.
    /// </summary>
    public static string WithPoolSize(string connectionString, int maxPoolSize)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxPoolSize == new NpgsqlConnectionStringBuilder().MaxPoolSize)
        {
            builder.MaxPoolSize = maxPoolSize;
            builder.MinPoolSize = Math.Min(builder.MinPoolSize, maxPoolSize);
        }

        return builder.ConnectionString;
    }
}
