using System.Net;
using HomeUniteUs.Tests.Infrastructure;
using static HomeUniteUs.Tests.Infrastructure.ApiAssert;

namespace HomeUniteUs.Tests.Integration.IntakeProfiles;

[Collection(GatewayCollection.Name)]
public sealed class IntakeLogPrivacyTests(ServiceStack stack)
{
    [Fact]
    public async Task Answers_never_appear_in_the_gateway_or_silo_logs_saved_rejected_or_read()
    {
        var api = new IntakeApi(stack);
        var guest = await IntakePeople.NewGuest(stack);
        var marker = "Private" + Guid.NewGuid().ToString("N");

        await api.Save(guest, [KeyValuePair.Create("introduction", $"\"{marker}\""), KeyValuePair.Create("mental_health_concerns", "\"yes\"")]);
        using (var rejected = await api.PutResponses(guest.UserId, guest.AccessToken,
            [KeyValuePair.Create("email", $"\"{marker}\""), KeyValuePair.Create("first_name", $"\"{marker}{new string('x', 100)}\""), KeyValuePair.Create(marker, "1")]))
        {
            await Error(rejected, HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR");
        }

        using (var malformed = await api.Send(HttpMethod.Put, $"{IntakeApi.Root}/{guest.UserId}", guest.AccessToken, $"{{\"responses\":[{{\"fieldId\":\"{marker}\"}}"))
        {
            await Error(malformed, HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR");
        }

        var admin = await IntakePeople.Admin(stack);
        Assert.Contains(marker, (await api.Profile(admin, guest.UserId)).GetRawText(), StringComparison.Ordinal);
        using (var refused = await api.PutResponses(guest.UserId, admin.AccessToken, "introduction", $"\"{marker}\""))
        {
            await Error(refused, HttpStatusCode.Forbidden, "FORBIDDEN");
        }

        await Task.Delay(500);
        // The requests were logged (so the logs are being read), their answers were not.
        Assert.Contains($"/api/intake-profile/responses/{guest.UserId}", stack.Gateway.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(marker, stack.Gateway.Output, StringComparison.Ordinal);
        Assert.All(stack.Silos, silo => Assert.DoesNotContain(marker, silo.Output, StringComparison.Ordinal));
    }
}
