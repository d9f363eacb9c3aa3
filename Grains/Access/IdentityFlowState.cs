using System.Text.Json.Serialization;

namespace HomeUniteUs.Grains.Access;

/// <summary>The stored state of one person's identity flows (state <see cref="StateNames.IdentityFlow"/>, keyed by the email's key).</summary>
public sealed class IdentityFlowState
{
    public string Email { get; set; } = string.Empty;

    /// <summary>The store user bound to this email once a flow completed.</summary>
    public long? UserId { get; set; }

    public string? Sub { get; set; }

    /// <summary>The username of the person's federated (Google) Cognito user, which deletion removes too.</summary>
    public string? FederatedUsername { get; set; }

    /// <summary>A flow that started and has not finished: the next activation finishes or undoes it.</summary>
    public PendingFlow? Pending { get; set; }
}

/// <summary>What a flow in progress has touched, written before it touches anything.</summary>
public sealed class PendingFlow
{
    public FlowKind Kind { get; set; }

    public long UserId { get; set; }

    public string? Sub { get; set; }

    /// <summary>The federated Cognito user a Google sign-up works on (null: the account's username is the email).</summary>
    public string? CognitoUsername { get; set; }

    /// <summary>False when the Cognito account was found to belong to someone else: compensation must not delete it.</summary>
    public bool OwnsCognitoAccount { get; set; } = true;

    public DateTimeOffset StartedAt { get; set; }
}

/// <summary>
/// The identity flows that are logged while they run. Stored (and tagged on the recovery metric) by the names
/// below, which are the strings flows were stored with before this was an enum: rows written then still load.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<FlowKind>))]
public enum FlowKind
{
    [JsonStringEnumMemberName("signup")]
    SignUp = 1,

    [JsonStringEnumMemberName("invite")]
    Invite,

    [JsonStringEnumMemberName("seed")]
    Seed,

    [JsonStringEnumMemberName("delete")]
    Delete,

    [JsonStringEnumMemberName("google-signup")]
    GoogleSignUp,
}

public static class FlowKinds
{
    /// <summary>The name a kind is stored by, also the <c>flow</c> tag of the recovery metric and the logs.</summary>
    public static string Name(this FlowKind kind) => System.Text.Json.JsonSerializer.Serialize(kind).Trim('"');
}
