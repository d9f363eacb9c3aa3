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
    /// </summary>
    public static string WithPreparedStatements(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }

        builder.NoResetOnClose = true;

        return builder.ConnectionString;
    }
}
