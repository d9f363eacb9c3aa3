using HomeUniteUs.Tests.Infrastructure;

namespace HomeUniteUs.Tests.Cluster;

/// <summary>A brand-new user pool with no groups: the silo creates the role groups, then seeds.</summary>
public sealed class PoolWithoutGroupsTests : IClassFixture<PoolWithoutGroupsTests.BarePoolStack>
{
    private readonly BarePoolStack stack;

    public PoolWithoutGroupsTests(BarePoolStack stack) => this.stack = stack;

    [Fact]
    public async Task The_silo_creates_the_role_groups_and_the_seeded_users_sign_in_with_their_roles()
    {
        var groups = (await CognitoAdmin.For(stack.Environment).ListGroupsAsync()).Select(g => g.GroupName).Order().ToList();
        Assert.Equal(["Admins", "Coordinators", "Guests", "Hosts"], groups);
        Assert.Equal("admin", (await stack.Seeded("admin@example.com")).Role);
        Assert.Equal("coordinator", (await stack.Seeded("coordinatorq@example.com")).Role);
    }

    public sealed class BarePoolStack : ServiceStack
    {
        protected override async Task ConfigureAsync(Dictionary<string, string> environment)
        {
            var pool = await CognitoAdmin.For(environment).CreateUserPoolAsync("huu-bare");
            var client = await CognitoAdmin.For(environment).CreateUserPoolClientAsync(pool.Id, "huu-api");
            environment["COGNITO_USER_POOL_ID"] = pool.Id;
            environment["COGNITO_CLIENT_ID"] = client.ClientId;
            environment["COGNITO_CLIENT_SECRET"] = client.ClientSecret!;
        }
    }
}
