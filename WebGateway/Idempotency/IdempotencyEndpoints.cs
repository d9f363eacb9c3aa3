namespace HomeUniteUs.WebGateway.Idempotency;

/// <summary>Marks a route as one that honours Idempotency-Key (<see cref="IdempotencyMiddleware"/>).</summary>
public sealed class IdempotentCreate
{
    public static readonly IdempotentCreate Instance = new();

    private IdempotentCreate()
    {
    }
}

public static class IdempotencyEndpoints
{
    /// <summary>The creating POSTs of API.md's "Operations" section call this.</summary>
    public static RouteHandlerBuilder WithIdempotencyKey(this RouteHandlerBuilder route) =>
        route.WithMetadata(IdempotentCreate.Instance);
}
