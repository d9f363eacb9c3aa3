namespace HomeUniteUs.Observability;

/// <summary>The activity sources and meters the service collects (names checked against the assemblies).</summary>
public static class TelemetryNames
{
    /// <summary>Grain calls made by application code (Orleans' system calls, "Microsoft.Orleans.Runtime", are left out: membership chatter).</summary>
    public const string OrleansApplication = "Microsoft.Orleans.Application";

    /// <summary>Grain state reads and writes.</summary>
    public const string OrleansStorage = "Microsoft.Orleans.Storage";

    /// <summary>Orleans' meter (messaging, grains, membership, storage).</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>Npgsql's own activity source and meter (commands, connection pool).</summary>
    public const string Npgsql = "Npgsql";

    /// <summary>The span tag that ties a trace to the error body's requestId.</summary>
    public const string RequestIdTag = "huu.request_id";
}
