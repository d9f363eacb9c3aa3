using HomeUniteUs.WebGateway.Idempotency;
using Orleans.Runtime;

namespace HomeUniteUs.WebGateway.Hosting;

/// <summary>
/// Reruns a request whose grain call failed because a silo left (or was leaving) the cluster, when a rerun is
/// safe: a read (GET, HEAD, OPTIONS), or a creating POST that carries an Idempotency-Key, where the rerun goes
/// through <see cref="IdempotencyMiddleware"/> again exactly as the client's own retry with that key would
/// (a replay, or a rerun that the domain's rules keep single), or a POST marked <see cref="SafeToRerun"/> (a sign-in,
/// whose rerun only asks Cognito for another session). Bounded, with a short backoff that spans Orleans
/// noticing the departure; then the failure goes to the error middleware as before (503, or OUTCOME_UNKNOWN for
/// a write). Any other write is never rerun. Sits after the JSON body has been buffered, so a rerun reads it again.
/// </summary>
public sealed class ClusterRetryMiddleware(RequestDelegate next, ILogger<ClusterRetryMiddleware> logger)
{
    /// <summary>The pauses before the second, third, … attempt: about 3 s in all.</summary>
    public static readonly IReadOnlyList<TimeSpan> Backoff =
        [.. new[] { 100, 200, 400, 800, 1600 }.Select(ms => TimeSpan.FromMilliseconds(ms))];

    public async Task InvokeAsync(HttpContext context)
    {
        if (!MayRerun(context))
        {
            await next(context);
            return;
        }

        await using var reruns = new RerunServices(context);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await next(context);
                return;
            }
            catch (Exception exception) when (attempt < Backoff.Count && !context.Response.HasStarted
                && !context.RequestAborted.IsCancellationRequested && SiloLeft(exception) is { } reason)
            {
                logger.LogInformation("{Method} {Path}: {Reason} (a silo left); attempt {Attempt} in {Delay} ms",
                    context.Request.Method, context.Request.Path.Value, reason, attempt + 2, Backoff[attempt].TotalMilliseconds);
                GatewayMetrics.Rerun(reason);
                await Task.Delay(Backoff[attempt], context.RequestAborted);
                context.Response.Clear();
                if (context.Request.Body.CanSeek)
                {
                    context.Request.Body.Position = 0;
                }

                await reruns.Fresh();
            }
        }
    }

    private static bool MayRerun(HttpContext context)
    {
        var method = context.Request.Method;
        return HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)
            || (HttpMethods.IsPost(method)
                && context.Request.Headers.ContainsKey(IdempotencyMiddleware.Header)
                && context.GetEndpoint()?.Metadata.GetMetadata<IdempotentCreate>() is not null)
            || context.GetEndpoint()?.Metadata.GetMetadata<SafeToRerun>() is not null;
    }

    /// <summary>
    /// The Orleans failure (anywhere in the chain) that means the call met a silo that left or was leaving, by
    /// type name; null for anything else, a timeout included (its call may still be running).
    /// </summary>
    public static string? SiloLeft(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SiloUnavailableException or OrleansMessageRejectionException or Orleans.Runtime.Messaging.ConnectionFailedException)
            {
                return e.GetType().Name;
            }
        }

        return null;
    }
}

/// <summary>
/// The services of a request's reruns: each rerun gets a scope of its own, because the request's scoped services remember
/// what the failed run did (an authentication handler keeps its failed result, and would throw it again on every rerun).
/// Disposing it gives the request its own services back and disposes the last rerun's.
/// </summary>
internal sealed class RerunServices(HttpContext context) : IAsyncDisposable
{
    private readonly IServiceProvider? requestServices = context.RequestServices;
    private AsyncServiceScope? current;

    public async Task Fresh()
    {
        if (requestServices is null)
        {
            return;
        }

        await DisposeCurrent();
        current = requestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        context.RequestServices = current.Value.ServiceProvider;
    }

    public async ValueTask DisposeAsync()
    {
        if (current is not null)
        {
            context.RequestServices = requestServices!;
            await DisposeCurrent();
        }
    }

    private async Task DisposeCurrent()
    {
        if (current is { } scope)
        {
            current = null;
            await scope.DisposeAsync();
        }
    }
}

/// <summary>
/// Marks a write whose rerun changes nothing its first run did not: a sign-in reads the store and asks Cognito for a
/// session, and a second session is as good as the first (<see cref="ClusterRetryMiddleware"/> reruns it when a silo left).
/// </summary>
public sealed class SafeToRerun
{
    public static readonly SafeToRerun Instance = new();

    private SafeToRerun()
    {
    }
}

public static class SafeToRerunEndpoints
{
    public static RouteHandlerBuilder RerunIfASiloLeaves(this RouteHandlerBuilder route) => route.WithMetadata(SafeToRerun.Instance);
}
