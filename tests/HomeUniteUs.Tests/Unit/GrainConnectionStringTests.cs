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
        Assert.Equal(GrainServices.GrainPoolSize, builder.MaxPoolSize);
    }

    [Fact]
    public void A_silo_opens_at_most_sixty_connections_unless_its_connection_string_says_otherwise()
    {
        const string plain = "Host=127.0.0.1;Username=huu;Password=huu;Database=huu";
        var grains = new NpgsqlConnectionStringBuilder(GrainServices.WithPreparedStatements(plain)).MaxPoolSize;
        var orleans = new NpgsqlConnectionStringBuilder(GrainServices.ForOrleans(plain));
        Assert.Equal(60, grains + orleans.MaxPoolSize);
        Assert.True(orleans.NoResetOnClose);
        Assert.Equal(64, orleans.MaxAutoPrepare);

        Assert.Equal(7, new NpgsqlConnectionStringBuilder(GrainServices.WithPoolSize(plain + ";Maximum Pool Size=7", 20)).MaxPoolSize);
        Assert.Equal(250, new NpgsqlConnectionStringBuilder(GrainServices.WithPreparedStatements(plain + ";Maximum Pool Size=250")).MaxPoolSize);
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
