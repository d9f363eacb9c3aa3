using System.Net.Sockets;

namespace HomeUniteUs.Grains.Storage;

/// <summary>
/// Tells a PostgreSQL outage (stopped, restarting, refusing or dropping connections, out of
/// connections) from a bug (bad SQL, a constraint), and turns it into the domain's 503.
/// </summary>
public static class DatabaseOutage
{
    /// <summary>The message of every 503 caused by the database.</summary>
    public const string Message = "The database is unavailable, please retry shortly";

    /// <summary>
    /// The serializable 503 that crosses grain calls instead of Npgsql's exceptions (Orleans has no codec for them), marked
    /// with <see cref="UnavailableDependencies.Database"/> so callers up the chain can tell it from a Cognito outage.
    /// </summary>
    public static HuuException Unavailable() =>
        new(ErrorKind.Unavailable, ErrorCodes.ServiceUnavailable, Message) { Dependency = UnavailableDependencies.Database };

    /// <summary>Whether <paramref name="exception"/> or one of its inner exceptions is a database outage.</summary>
    public static bool IsOutage(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException postgres:
                    return postgres.IsTransient || IsSessionEnded(postgres.SqlState) || postgres.SqlState.StartsWith("53", StringComparison.Ordinal);
                case NpgsqlOperationInProgressException:
                    return false;
                case NpgsqlException npgsql:
                    // Not an error PostgreSQL sent: the connection could not be opened, broke or timed out.
                    return npgsql.IsTransient || npgsql.InnerException is null or IOException or SocketException or TimeoutException;
                case SocketException:
                    return true;
                case HuuException domain:
                    return IsTranslated(domain);
                default:
                    break;
            }
        }

        return false;
    }

    /// <summary>Whether this is the 503 that <see cref="Unavailable"/> makes (by its dependency code, not its message).</summary>
    public static bool IsTranslated(HuuException exception) =>
        exception.Kind == ErrorKind.Unavailable && exception.Dependency == UnavailableDependencies.Database;

    /// <summary>
    /// Whether the failed statement certainly never ran, so that running it again cannot apply
    /// it twice: the server ended the session before reading it (a pooled connection from
    /// before a restart), or the connection could not even be opened.
    /// </summary>
    public static bool CertainlyNotExecuted(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException postgres)
            {
                return IsSessionEnded(postgres.SqlState);
            }

            if (e is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostUnreachable or SocketError.NetworkUnreachable })
            {
                return true;
            }
        }

        return false;
    }

    // Class 53 is insufficient resources (too many connections, out of memory or disk).
    // 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now, 57P05 idle_session_timeout; 08xxx connection exceptions.
    private static bool IsSessionEnded(string sqlState) =>
        sqlState.StartsWith("57P", StringComparison.Ordinal) || sqlState.StartsWith("08", StringComparison.Ordinal);
}
