using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using HomeUniteUs.Grains.Interfaces.Idempotency;

namespace HomeUniteUs.WebGateway.Idempotency;

/// <summary>
/// Idempotency-Key on the creating POSTs (routes marked with <see cref="IdempotencyEndpoints.WithIdempotencyKey"/>):
/// the key is claimed before the endpoint runs, and the endpoint's answer is stored under it after; a repeat
/// with the same key, caller and request gets that answer again with <c>Idempotent-Replayed: true</c>.
/// Runs after authentication and authorization (the caller is known, a refused request claims nothing) and
/// after the JSON shape check (which buffers the body it hashes). An answer that is not the endpoint's own
/// — an exception, or a 5xx — releases the key: it applied nothing, or nobody can tell (503
/// OUTCOME_UNKNOWN), and the retry runs again, where the domain's own rules (a taken name, an existing
/// account, a taken match slot) keep the effect single.
/// A route marked <see cref="IdempotentCreate.RecordedByWrite"/> (the housing-org create) gets only the parsed key and
/// the request's hash (<see cref="CarriedIdempotencyKey"/>): its grain stores the key in the create's own statement and
/// answers repeats, so the key costs that route no round trip of its own.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next, IdempotencyKeyStore store, ILogger<IdempotencyMiddleware> logger)
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>Answers larger than this are not stored (a create's answer is a few hundred bytes).</summary>
    private const int MaxStoredBody = 64 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<IdempotentCreate>() is not { } route
            || !context.Request.Headers.TryGetValue(Header, out var values))
        {
            await next(context);
            return;
        }

        var key = IdempotencyKeyHeader.Parse(values);
        var caller = context.User.FindFirst(CallerClaims.UserId)?.Value is { } userId ? "user:" + userId : "anonymous";
        var request = new IdempotencyKeyRequest(caller, key, await RequestHash(context.Request));
        if (route.RecordedByWrite)
        {
            context.Features.Set(new CarriedIdempotencyKey(request));
            await next(context);
            return;
        }

        var claim = await store.Claim(request);
        switch (claim.Outcome)
        {
            case IdempotencyClaimOutcome.Reused:
                throw IdempotencyKeys.Reused();
            case IdempotencyClaimOutcome.InProgress:
                throw IdempotencyKeys.InProgress();
            case IdempotencyClaimOutcome.Replay:
                await Replay(context, claim.Answer!);
                return;
        }

        Captured answer;
        try
        {
            answer = await Run(context);
        }
        catch (Exception) when (!context.Response.HasStarted)
        {
            // The endpoint threw: give the key up before the error is written. A release that fails too
            // (the database is down) leaves the claim to be taken over once abandoned.
            await SettleOrLeave(request, null);
            throw;
        }

        // Stored before the client sees it, so a retry after a lost reply finds the answer.
        await SettleOrLeave(request, answer.Kept);
        await context.Response.Body.WriteAsync(answer.Body, context.RequestAborted);
    }

    /// <summary>The endpoint's answer: its body, and what is stored under the key (null: not kept).</summary>
    private sealed record Captured(byte[] Body, StoredAnswer? Kept);

    /// <summary>Runs the endpoint into a buffer; its answer is kept unless it is a 5xx or too large.</summary>
    private async Task<Captured> Run(HttpContext context)
    {
        var response = context.Response;
        var original = response.Body;
        using var buffer = new MemoryStream();
        response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            response.Body = original;
        }

        var body = buffer.ToArray();
        var kept = response.StatusCode < StatusCodes.Status500InternalServerError && body.Length <= MaxStoredBody;
        var location = response.Headers.Location.ToString();
        return new Captured(body, kept ? new StoredAnswer(response.StatusCode, response.ContentType, location.Length > 0 ? location : null, body) : null);
    }

    /// <summary>
    /// Stores the answer under the key, or gives the claim up when there is none to keep. The endpoint's answer is
    /// sent even when this fails (the database went down in between): the claim is then taken over by a repeat of
    /// the same request once abandoned (<see cref="IdempotencyKeys.AbandonedAfter"/>), and the domain's rules keep a
    /// rerun single.
    /// </summary>
    private async Task SettleOrLeave(IdempotencyKeyRequest request, StoredAnswer? answer)
    {
        try
        {
            await store.Settle(request, answer);
        }
        catch (Exception storeFailure) when (storeFailure is not OperationCanceledException)
        {
            logger.LogWarning(storeFailure, "Idempotency-Key {Key}: the claim could not be {Settled}; a repeat of the same request takes it over once abandoned",
                request.Key, answer is null ? "released" : "completed with its answer");
        }
    }

    private static async Task Replay(HttpContext context, StoredAnswer answer)
    {
        var response = context.Response;
        response.StatusCode = answer.Status;
        response.ContentType = answer.ContentType;
        if (answer.Location is not null)
        {
            response.Headers.Location = answer.Location;
        }

        response.Headers[ReplayedHeader] = "true";
        await response.Body.WriteAsync(answer.Body, context.RequestAborted);
    }

    /// <summary>
    /// The request as the key binds it: SHA-256 (hex) of the method, a space, the path, a newline and the body bytes.
    /// One pooled buffer and a one-shot hash per request (the body is buffered and at most
    /// <see cref="GatewayServices.MaxRequestBodyBytes"/>); the same bytes always give the same hash, so keys stored by
    /// earlier builds keep matching.
    /// </summary>
    public static async Task<string> RequestHash(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var head = Encoding.UTF8.GetBytes(request.Method + " " + request.Path.Value + "\n");
        if (!request.Body.CanSeek)
        {
            return Convert.ToHexString(SHA256.HashData(head));
        }

        var body = checked((int)request.Body.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(head.Length + body);
        try
        {
            head.CopyTo(buffer, 0);
            request.Body.Position = 0;
            await request.Body.ReadExactlyAsync(buffer.AsMemory(head.Length, body));
            request.Body.Position = 0;
            return Convert.ToHexString(SHA256.HashData(buffer.AsSpan(0, head.Length + body)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
