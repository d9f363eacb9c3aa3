using System.Net;
using System.Net.Http.Json;
using System.Web;
using HomeUniteUs.Tests.Infrastructure;

namespace HomeUniteUs.Tests.Integration.IntakeProfiles;

/// <summary>Real accounts for the intake tests, made through the API: seeded admin, fresh sign-ups, and invited guests.</summary>
internal static class IntakePeople
{
    public const string SeededAdmin = "admin@example.com";

    public static Task<TestAccount> Admin(ServiceStack stack) => stack.Seeded(SeededAdmin);

    public static Task<TestAccount> NewGuest(ServiceStack stack) => TestAccounts.SignUp(stack, "guest");

    public static Task<TestAccount> NewHost(ServiceStack stack) => TestAccounts.SignUp(stack, "host");

    public static Task<TestAccount> NewCoordinator(ServiceStack stack) => TestAccounts.SignUp(stack, "coordinator");

    public static Task<TestAccount> InvitedGuest(ServiceStack stack, TestAccount coordinator) => TestAccounts.Invited(stack, coordinator);
}
