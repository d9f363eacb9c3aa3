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
    public void A_missing_variable_is_named_in_one_line()
    {
        var error = Assert.Throws<SettingsException>(() => HuuSettings.Load(new Dictionary<string, string> { ["DATABASE_URL"] = "postgresql://u:p@h/db" }));
        Assert.StartsWith("Missing required environment variable: COGNITO_", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }
}
