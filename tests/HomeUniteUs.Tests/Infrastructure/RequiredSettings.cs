namespace HomeUniteUs.Tests.Infrastructure;

/// <summary>Every required setting with a valid value and no service behind it: the database URL names a closed port.</summary>
public static class RequiredSettings
{
    public static Dictionary<string, string> Unreachable() => new(StringComparer.Ordinal)
    {
        ["DATABASE_URL"] = $"postgresql://u:p@127.0.0.1:{FreePort.Next()}/db",
        ["COGNITO_CLIENT_ID"] = "client",
        ["COGNITO_CLIENT_SECRET"] = "secret",
        ["COGNITO_REGION"] = "us-east-1",
        ["COGNITO_USER_POOL_ID"] = "us-east-1_pool",
        ["COGNITO_ACCESS_ID"] = "id",
        ["COGNITO_ACCESS_KEY"] = "key",
        ["ROOT_URL"] = "http://localhost:3000",
    };
}
