using HomeUniteUs.Grains.Interfaces.Idempotency;

namespace HomeUniteUs.WebGateway.Idempotency;

/// <summary>Marks a route as one that honours Idempotency-Key (<see cref="IdempotencyMiddleware"/>).</summary>
public sealed class IdempotentCreate
{
    public static readonly IdempotentCreate Instance = new(recordedByWrite: false);

    /// <summary>A route whose grain stores the key in the create's own write (<see cref="RecordedByWrite"/>).</summary>
    public static readonly IdempotentCreate InWrite = new(recordedByWrite: true);

    private IdempotentCreate(bool recordedByWrite) => RecordedByWrite = recordedByWrite;

    /// <summary>
    /// The endpoint hands the key (<see cref="CarriedIdempotencyKey"/>) to its grain, which stores it in the same
    /// statement as what it creates and answers a repeat itself; the middleware neither claims nor settles it.
    /// </summary>
    public bool RecordedByWrite { get; }
}

/// <summary>The request's Idempotency-Key, for an endpoint whose grain records it in its own write.</summary>
public sealed record CarriedIdempotencyKey(IdempotencyKeyRequest Request)
{
    /// <summary>The key of this request, or null when it was sent without one.</summary>
    public static IdempotencyKeyRequest? Of(HttpContext context) => context.Features.Get<CarriedIdempotencyKey>()?.Request;

    /// <summary>Marks the answer of a repeat as the API says (<c>Idempotent-Replayed: true</c>).</summary>
    public static void MarkReplayed(HttpResponse response) => response.Headers[IdempotencyMiddleware.ReplayedHeader] = "true";
}

public static class IdempotencyEndpoints
{
    /// <summary>The creating POSTs of API.md's "Operations" section call this.</summary>
    public static RouteHandlerBuilder WithIdempotencyKey(this RouteHandlerBuilder route) =>
        route.WithMetadata(IdempotentCreate.Instance);

    /// <summary>The same, for a route whose grain records the key in its own write (<see cref="IdempotentCreate.RecordedByWrite"/>).</summary>
    public static RouteHandlerBuilder WithIdempotencyKeyInWrite(this RouteHandlerBuilder route) =>
        route.WithMetadata(IdempotentCreate.InWrite);
}
