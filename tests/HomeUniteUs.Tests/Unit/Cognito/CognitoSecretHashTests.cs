using HomeUniteUs.Grains.Access.Cognito;

namespace HomeUniteUs.Tests.Unit.Cognito;

public sealed class CognitoSecretHashTests
{
    // Expected values computed independently with Python:
    // base64.b64encode(hmac.new(secret.encode("utf-8"), (username + client_id).encode("utf-8"), hashlib.sha256).digest())
    [Theory]
    [InlineData("user@example.com", "4tk9rbq2d1oqvdf8l4l5n1n7d3", "1q2w3e4r5t6y7u8i9o0pabcdefghijklmnopqrstuvwxyz", "vCYClWOR/7Tbr0g6iR4JlqXJVTkPtUNNKt75urJfMas=")]
    [InlineData("User@example.com", "4tk9rbq2d1oqvdf8l4l5n1n7d3", "1q2w3e4r5t6y7u8i9o0pabcdefghijklmnopqrstuvwxyz", "ClWcorLs2qES0XFe847pKipRNo9+8yLA2i3F4/Vh+ho=")]
    [InlineData("guesta@example.com", "abc123clientid", "s3cr3t", "rSQTZ/0j0b0vE02EQomfJhfTJPctCJmvTThCDK2obkE=")]
    [InlineData("e2c2b1d4-5a3e-4c6b-9f0e-7a8b9c0d1e2f", "abc123clientid", "s3cr3t", "z0UxAtqe9zv3M54h8qZVPhtkOMmTLpotdggBvX04p14=")]
    [InlineData("josé@example.com", "abc123clientid", "s3cr3t", "ecMVqFKjlcrEzeekQbYC/azM9FIfjF7Rd/nZMR1CWww=")]
    public void Secret_hash_matches_independently_computed_vectors(string username, string clientId, string clientSecret, string expected)
    {
        Assert.Equal(expected, CognitoSecretHash.Compute(username, clientId, clientSecret));
    }

    [Fact]
    public void Secret_hash_does_not_normalize_the_username_itself()
    {
        Assert.NotEqual(
            CognitoSecretHash.Compute("User@example.com", "c", "s"),
            CognitoSecretHash.Compute("user@example.com", "c", "s"));
    }

    [Theory]
    [InlineData("  Guest.A@Example.COM ", "guest.a@example.com")]
    [InlineData("host@example.com", "host@example.com")]
    public void Usernames_are_trimmed_and_lower_cased(string raw, string expected)
    {
        Assert.Equal(expected, CognitoUsername.Normalize(raw));
    }
}
