using HomeUniteUs.Configuration;

namespace HomeUniteUs.Tests.Unit;

public sealed class DatabaseUrlTests
{
    [Theory]
    [InlineData("postgresql://huu:s3cret@db.local:5433/huu")]
    [InlineData("postgresql+psycopg2://huu:s3cret@db.local:5433/huu")]
    public void Both_FastAPI_spellings_give_the_same_connection_string(string url)
    {
        Assert.Equal("Host=db.local;Port=5433;Database=huu;Username='huu';Password='s3cret'", DatabaseUrl.ToConnectionString(url));
    }

    [Fact]
    public void Escaped_password_characters_are_decoded()
    {
        Assert.Contains("Password='p@ss:w'", DatabaseUrl.ToConnectionString("postgresql://u:p%40ss%3Aw@h/db"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mysql://u:p@h/db")]
    [InlineData("not a url")]
    public void Other_schemes_are_refused_with_the_variable_named(string url)
    {
        var error = Assert.Throws<SettingsException>(() => DatabaseUrl.ToConnectionString(url));
        Assert.Contains("DATABASE_URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Libpq_query_parameters_reach_Npgsql_under_its_own_names()
    {
        var connectionString = DatabaseUrl.ToConnectionString(
            "postgresql://u:p@db.example.org/huu?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem&connect_timeout=7"
            + "&application_name=huu-silo&target_session_attrs=read-write&max_pool_size=25&min_pool_size=2");

        var parsed = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        Assert.Equal(Npgsql.SslMode.VerifyFull, parsed.SslMode);
        Assert.Equal("/etc/ca.pem", parsed.RootCertificate);
        Assert.Equal(7, parsed.Timeout);
        Assert.Equal("huu-silo", parsed.ApplicationName);
        Assert.Equal("read-write", parsed.TargetSessionAttributes);
        Assert.Equal(25, parsed.MaxPoolSize);
        Assert.Equal(2, parsed.MinPoolSize);
    }

    [Theory]
    [InlineData("disable", Npgsql.SslMode.Disable)]
    [InlineData("allow", Npgsql.SslMode.Allow)]
    [InlineData("prefer", Npgsql.SslMode.Prefer)]
    [InlineData("require", Npgsql.SslMode.Require)]
    [InlineData("verify-ca", Npgsql.SslMode.VerifyCA)]
    [InlineData("verify-full", Npgsql.SslMode.VerifyFull)]
    public void Every_libpq_sslmode_is_understood(string sslmode, Npgsql.SslMode expected)
    {
        var connectionString = DatabaseUrl.ToConnectionString($"postgresql://u:p@h/db?sslmode={sslmode}");

        Assert.Equal(expected, new Npgsql.NpgsqlConnectionStringBuilder(connectionString).SslMode);
    }

    [Fact]
    public void A_pool_size_from_the_url_is_kept_by_the_silos_caps()
    {
        var connectionString = DatabaseUrl.ToConnectionString("postgresql://u:p@h/db?max_pool_size=12");

        Assert.Equal(12, new Npgsql.NpgsqlConnectionStringBuilder(HomeUniteUs.Grains.GrainServices.WithPoolSize(connectionString, 40)).MaxPoolSize);
        Assert.Equal(40, new Npgsql.NpgsqlConnectionStringBuilder(
            HomeUniteUs.Grains.GrainServices.WithPoolSize(DatabaseUrl.ToConnectionString("postgresql://u:p@h/db"), 40)).MaxPoolSize);
    }

    [Theory]
    [InlineData("postgresql://u:p@h/db?ssl=true", "unknown query parameter 'ssl'")]
    [InlineData("postgresql://u:p@h/db?sslmode=verify_full", "sslmode 'verify_full'")]
    [InlineData("postgresql://u:p@h/db?max_pool_size=0", "max_pool_size '0'")]
    [InlineData("postgresql://u:p@h/db?connect_timeout=soon", "connect_timeout 'soon'")]
    public void A_query_parameter_that_cannot_be_honoured_stops_start_up_in_one_line(string url, string named)
    {
        var error = Assert.Throws<SettingsException>(() => DatabaseUrl.ToConnectionString(url));

        Assert.Contains("DATABASE_URL", error.Message, StringComparison.Ordinal);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_missing_variable_is_named_in_one_line()
    {
        var error = Assert.Throws<SettingsException>(() => HuuSettings.Load(new Dictionary<string, string> { ["DATABASE_URL"] = "postgresql://u:p@h/db" }));
        Assert.StartsWith("Missing required environment variable: COGNITO_", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }
}
