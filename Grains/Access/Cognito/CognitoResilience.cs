using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace HomeUniteUs.Grains.Access.Cognito;

/// <summary>
/// Timeouts and retries around every Cognito call: a total budget, and within it a timeout per attempt and at
/// most <see cref="MaxRetries"/> retries with jittered exponential backoff. Which outcomes are retried is
/// <see cref="ShouldRetry"/>.
/// </summary>
public static class CognitoResilience
{
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan TotalTimeout = TimeSpan.FromSeconds(30);
    public const int MaxRetries = 2;

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline)
    {
        pipeline
            .AddTimeout(TotalTimeout)
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = MaxRetries,
                Delay = TimeSpan.FromMilliseconds(200),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args =>
                {
                    string? operation = null;
                    args.Context.GetRequestMessage()?.Options.TryGetValue(CognitoOperations.RequestOption, out operation);
                    return ValueTask.FromResult(ShouldRetry(operation, args.Outcome.Result?.StatusCode, args.Outcome.Exception));
                },
            })
            .AddTimeout(AttemptTimeout);
    }

    /// <summary>
    /// A connection that could not be opened (refused, DNS) means the request never left: any operation may be
    /// sent again. Otherwise only reads are retried: on a timeout, a broken exchange, 408, 429 or 5xx.
    /// </summary>
    public static bool ShouldRetry(string? operation, HttpStatusCode? status, Exception? exception)
    {
        if (exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError })
        {
            return true;
        }

        if (operation is null || !CognitoOperations.IsRead(operation))
        {
            return false;
        }

        return exception switch
        {
            HttpRequestException or TimeoutRejectedException => true,
            null => status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int?)status >= 500,
            _ => false,
        };
    }
}
