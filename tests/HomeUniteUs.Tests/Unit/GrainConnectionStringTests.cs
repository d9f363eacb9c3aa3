using HomeUniteUs.Grains;
using Npgsql;

namespace HomeUniteUs.Tests.Unit;

/// <summary>
/// The grains' data source (<see cref="GrainServices.WithPreparedStatements"/>): statements prepared after two uses, and
/// pooled connections handed out without Npgsql's reset ahead of their next statement (the grains keep no session state).
/// </summary>
public sealed class GrainConnectionStringTests
{
    [Fact]
    public void Grains_connections_are_prepared_and_not_reset_on_return()
    {
        var builder = new NpgsqlConnectionStringBuilder(
            GrainServices.WithPreparedStatements("Host=127.0.0.1;Port=5432;Username=huu;Password=huu;Database=huu"));

        Assert.Equal(64, builder.MaxAutoPrepare);
        Assert.Equal(2, builder.AutoPrepareMinUsages);
        Assert.True(builder.NoResetOnClose);
        Assert.Equal("127.0.0.1", builder.Host);
    }

    [Fact]
    public void A_connection_string_with_its_own_max_auto_prepare_keeps_it()
    {
        var builder = new NpgsqlConnectionStringBuilder(
            GrainServices.WithPreparedStatements("Host=127.0.0.1;Username=huu;Max Auto Prepare=8"));

        Assert.Equal(8, builder.MaxAutoPrepare);
        Assert.True(builder.NoResetOnClose);
    }
}
