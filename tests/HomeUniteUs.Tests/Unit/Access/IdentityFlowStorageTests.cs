using System.Text.Json;
using HomeUniteUs.Grains.Access;

namespace HomeUniteUs.Tests.Unit.Access;

/// <summary>
/// The identity flow row keeps the shape it had before the grain was renamed and flow kinds became an enum:
/// each kind is stored by its old string, and a row written then loads now.
/// </summary>
public sealed class IdentityFlowStorageTests
{
    /// <summary>The options <c>GrainStateReader</c> reads rows with (the pending-flow sweep).</summary>
    private static readonly JsonSerializerOptions ReaderOptions = new(JsonSerializerDefaults.General);

    [Theory]
    [InlineData(FlowKind.SignUp, "signup")]
    [InlineData(FlowKind.Invite, "invite")]
    [InlineData(FlowKind.Seed, "seed")]
    [InlineData(FlowKind.Delete, "delete")]
    [InlineData(FlowKind.GoogleSignUp, "google-signup")]
    public void Each_flow_kind_is_stored_by_its_old_name(FlowKind kind, string stored)
    {
        var json = JsonSerializer.Serialize(new PendingFlow { Kind = kind, UserId = 1 });
        Assert.Equal(stored, JsonDocument.Parse(json).RootElement.GetProperty("Kind").GetString());
        Assert.Equal(stored, kind.Name());
    }

    [Fact]
    public void Every_flow_kind_has_a_distinct_stored_name()
    {
        var names = Enum.GetValues<FlowKind>().Select(k => k.Name()).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    [Fact]
    public void A_pending_flow_stored_with_a_string_kind_loads()
    {
        const string Row = """
            {"Email":"a@b.co","UserId":null,"Sub":null,"FederatedUsername":null,
             "Pending":{"Kind":"google-signup","UserId":12,"Sub":"sub-12","CognitoUsername":"Google_1098","OwnsCognitoAccount":true,"StartedAt":"2026-01-01T00:00:00+00:00"}}
            """;
        var state = JsonSerializer.Deserialize<IdentityFlowState>(Row, ReaderOptions)!;
        Assert.Equal((FlowKind.GoogleSignUp, 12L, "Google_1098"), (state.Pending!.Kind, state.Pending.UserId, state.Pending.CognitoUsername));
    }
}
