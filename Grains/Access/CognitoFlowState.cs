namespace HomeUniteUs.Grains.Access;

/// <summary>The stored state of one person's identity flows (state name "cognitoFlow", keyed by normalized email).</summary>
public sealed class CognitoFlowState
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
    public const string SignUp = "signup";
    public const string Invite = "invite";
    public const string Seed = "seed";
    public const string Delete = "delete";
    public const string GoogleSignUp = "google-signup";

    public string Kind { get; set; } = string.Empty;
    public long UserId { get; set; }
    public string? Sub { get; set; }

    /// <summary>The federated Cognito user a Google sign-up works on (null: the account's username is the email).</summary>
    public string? CognitoUsername { get; set; }

    /// <summary>False when the Cognito account was found to belong to someone else: compensation must not delete it.</summary>
    public bool OwnsCognitoAccount { get; set; } = true;

    public DateTimeOffset StartedAt { get; set; }
}
