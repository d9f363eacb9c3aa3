using System.Net.Sockets;
using HomeUniteUs.Grains.Interfaces.Errors;
using HomeUniteUs.Grains.Storage;
using Npgsql;

namespace HomeUniteUs.Tests.Unit;

public sealed class DatabaseOutageClassificationTests
{
    private static PostgresException Postgres(string sqlState) => new("message", "FATAL", "FATAL", sqlState);

    [Theory]
    [InlineData("57P01")] // admin_shutdown: a pooled connection from before a restart
    [InlineData("57P02")] // crash_shutdown
    [InlineData("57P03")] // cannot_connect_now: starting up
    [InlineData("53300")] // too_many_connections
    [InlineData("08006")] // connection_failure
    public void Server_going_away_is_an_outage_and_the_statement_never_ran(string sqlState)
    {
        Assert.True(DatabaseOutage.IsOutage(Postgres(sqlState)));
        Assert.Equal(sqlState.StartsWith("57P", StringComparison.Ordinal) || sqlState.StartsWith("08", StringComparison.Ordinal),
            DatabaseOutage.CertainlyNotExecuted(Postgres(sqlState)));
    }

    [Theory]
    [InlineData("23505")] // unique_violation
    [InlineData("42P01")] // undefined_table
    [InlineData("2200N")] // invalid_xml_content
    public void A_statement_PostgreSQL_refused_is_a_bug_not_an_outage(string sqlState) =>
        Assert.False(DatabaseOutage.IsOutage(Postgres(sqlState)));

    [Fact]
    public void A_refused_connection_is_an_outage_also_inside_Orleans_wrapping()
    {
        var refused = new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused));
        Assert.True(DatabaseOutage.IsOutage(refused));
        Assert.True(DatabaseOutage.CertainlyNotExecuted(refused));
        Assert.True(DatabaseOutage.IsOutage(new Orleans.Runtime.OrleansException("storage failed", refused)));
    }

    [Fact]
    public void A_broken_read_is_an_outage_but_may_have_run()
    {
        var broken = new NpgsqlException("Exception while reading from stream", new EndOfStreamException());
        Assert.True(DatabaseOutage.IsOutage(broken));
        Assert.False(DatabaseOutage.CertainlyNotExecuted(broken));
    }

    [Fact]
    public void Only_the_database_503_counts_as_one_a_Cognito_503_does_not()
    {
        Assert.True(DatabaseOutage.IsOutage(DatabaseOutage.Unavailable()));
        Assert.False(DatabaseOutage.IsOutage(HuuException.Unavailable()));
        Assert.False(DatabaseOutage.IsOutage(new InvalidOperationException("bug")));
    }
}
