using System.Runtime.CompilerServices;
using HomeUniteUs.Tests.Infrastructure;

namespace HomeUniteUs.Tests.Integration.IntakeProfiles;

/// <summary>
/// The people of the access matrix, made once per stack: a guest invited by their own coordinator, another
/// coordinator, another guest, two hosts and the admin. Both profiles hold a first name nobody else may see.
/// </summary>
internal sealed record IntakeCast(
    TestAccount Admin,
    TestAccount OwnCoordinator,
    TestAccount OtherCoordinator,
    TestAccount Guest,
    TestAccount OtherGuest,
    TestAccount Host,
    TestAccount OtherHost,
    string SecretName)
{
    private static readonly ConditionalWeakTable<ServiceStack, Task<IntakeCast>> Casts = [];

    public static Task<IntakeCast> For(ServiceStack stack) => Casts.GetValue(stack, Create);

    private static async Task<IntakeCast> Create(ServiceStack stack)
    {
        var admin = await IntakePeople.Admin(stack);
        var ownCoordinator = await IntakePeople.NewCoordinator(stack);
        var cast = new IntakeCast(
            admin,
            ownCoordinator,
            await IntakePeople.NewCoordinator(stack),
            await IntakePeople.InvitedGuest(stack, ownCoordinator),
            await IntakePeople.NewGuest(stack),
            await IntakePeople.NewHost(stack),
            await IntakePeople.NewHost(stack),
            "Secret" + Guid.NewGuid().ToString("N")[..8]);
        var api = new IntakeApi(stack);
        await api.Save(cast.Guest, cast.FirstName);
        await api.Save(cast.Host, cast.FirstName);
        return cast;
    }

    /// <summary>The one answer the owners save: never enough to submit.</summary>
    public IEnumerable<KeyValuePair<string, string>> FirstName => [KeyValuePair.Create("first_name", $"\"{SecretName}\"")];
}
