using HomeUniteUs.Observability;

namespace HomeUniteUs.WebGateway.Errors;

/// <summary>
/// The gateway's one outage log: <see cref="ApiExceptionHandler"/> reports each request refused with a 503, the
/// request log (<see cref="RequestIdMiddleware"/>) each request that ended below 500, which ends an outage.
/// </summary>
public sealed class GatewayOutage(TimeProvider clock, ILogger<GatewayOutage> logger)
{
    private readonly OutageLog log = new("A service this API needs (database, cluster or Cognito)", clock, logger);

    public void Refused(Exception cause) => log.Refused(cause);

    public void Ended(int status)
    {
        if (status < StatusCodes.Status500InternalServerError)
        {
            log.Succeeded();
        }
    }
}
