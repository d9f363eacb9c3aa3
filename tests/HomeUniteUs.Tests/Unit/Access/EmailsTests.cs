using HomeUniteUs.Grains.Access.Cognito;
using HomeUniteUs.Grains.Interfaces.Access;

namespace HomeUniteUs.Tests.Unit.Access;

/// <summary>One email, one key: every spelling of an address names the same person, and Cognito sees the same username.</summary>
public sealed class EmailsTests
{
    [Theory]
    [InlineData("  Guest.A@Example.COM ", "guest.a@example.com")]
    [InlineData("HOST@EXAMPLE.COM", "host@example.com")]
    [InlineData("host@example.com", "host@example.com")]
    [InlineData("\tcoordinator@example.org\n", "coordinator@example.org")]
    public void An_email_key_is_trimmed_and_lower_cased(string written, string key)
    {
        Assert.Equal(key, Emails.Key(written));
        Assert.Equal(key, Emails.Key(key));
    }

    [Fact]
    public void The_Cognito_username_of_an_email_is_its_key()
    {
        foreach (var written in new[] { " Mixed.Case@Example.com", "plain@example.com" })
        {
            Assert.Equal(Emails.Key(written), CognitoUsername.Normalize(written));
        }
    }

    [Fact]
    public void The_store_keeps_an_email_trimmed_in_the_case_it_was_written()
    {
        Assert.Equal("Mixed.Case@Example.com", Emails.AsWritten("  Mixed.Case@Example.com "));
    }
}
