using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using HomeUniteUs.Grains.Interfaces.Errors;
using HomeUniteUs.WebGateway.Hosting;
using HomeUniteUs.WebGateway.Idempotency;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;

namespace HomeUniteUs.Tests.Unit.Hosting;

/// <summary>
/// Which requests the gateway runs again when a grain call met a silo that left: reads, and creates that carry an
/// Idempotency-Key on a route that honours it (its body read again from the start); never another write, never
/// after a timeout (the call may still be running), and not without end.
/// </summary>
public sealed class ClusterRetryTests
{
    private const string Body = """{"org_name":"Rerun"}""";

    public static TheoryData<Exception> SiloLeft => new()
    {
        new SiloUnavailableException("The target silo became unavailable for message: Request […]"),
        // What a silo's log shows for a call to a silo that just went away (there as a message rejection).
        new OrleansException("Exception while sending message", new ConnectionFailedException("Unable to connect to S127.0.0.1:56383:155304561")),
        new ConnectionFailedException("Unable to connect to 127.0.0.1:30000"),
        new OrleansException("Grain call failed", new SiloUnavailableException()),
    };

    [Theory]
    [MemberData(nameof(SiloLeft))]
    public async Task A_read_that_met_a_leaving_silo_is_run_again_until_it_is_answered(Exception failure)
    {
        var context = Request("GET");
        var calls = 0;
        await Middleware(async c =>
        {
            if (++calls < 3)
            {
                c.Response.StatusCode = 418;
                c.Response.Headers["X-Half-Done"] = "yes";
                throw failure;
            }

            c.Response.StatusCode = 200;
            await Task.CompletedTask;
        }).InvokeAsync(context);

        Assert.Equal(3, calls);
        Assert.Equal(200, context.Response.StatusCode);
        Assert.False(context.Response.Headers.ContainsKey("X-Half-Done"));
    }

    [Fact]
    public async Task A_create_with_an_Idempotency_Key_is_run_again_and_reads_its_whole_body_each_time()
    {
        var context = Request("POST", idempotentRoute: true, key: "k-1");
        var bodies = new List<string>();
        await Middleware(async c =>
        {
            using var reader = new StreamReader(c.Request.Body, leaveOpen: true);
            bodies.Add(await reader.ReadToEndAsync());
            if (bodies.Count == 1)
            {
                throw new SiloUnavailableException();
            }

            c.Response.StatusCode = 201;
        }).InvokeAsync(context);

        Assert.Equal([Body, Body], bodies);
        Assert.Equal(201, context.Response.StatusCode);
    }

    [Fact]
    public async Task A_sign_in_that_met_a_leaving_silo_is_run_again_with_its_whole_body()
    {
        var context = Request("POST");
        context.SetEndpoint(new Endpoint(null, new EndpointMetadataCollection(SafeToRerun.Instance), "signin"));
        var bodies = new List<string>();
        await Middleware(async c =>
        {
            using var reader = new StreamReader(c.Request.Body, leaveOpen: true);
            bodies.Add(await reader.ReadToEndAsync());
            if (bodies.Count == 1)
            {
                throw new SiloUnavailableException("The target silo became unavailable for message: Request […]");
            }

            c.Response.StatusCode = 200;
        }).InvokeAsync(context);

        Assert.Equal([Body, Body], bodies);
        Assert.Equal(200, context.Response.StatusCode);
    }

    [Theory]
    [InlineData("POST", true, null)]
    [InlineData("POST", false, "k-1")]
    [InlineData("PUT", true, "k-1")]
    [InlineData("DELETE", false, null)]
    public async Task Any_other_write_is_never_run_again(string method, bool idempotentRoute, string? key)
    {
        var context = Request(method, idempotentRoute, key);
        var calls = 0;
        await Assert.ThrowsAsync<SiloUnavailableException>(() => Middleware(_ =>
        {
            calls++;
            throw new SiloUnavailableException();
        }).InvokeAsync(context));
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task A_timeout_or_a_domain_error_is_not_run_again()
    {
        foreach (var failure in new Exception[] { new TimeoutException("Response did not arrive on time"), HuuException.Unavailable() })
        {
            var context = Request("GET");
            var calls = 0;
            var thrown = await Assert.ThrowsAnyAsync<Exception>(() => Middleware(_ =>
            {
                calls++;
                throw failure;
            }).InvokeAsync(context));
            Assert.Same(failure, thrown);
            Assert.Equal(1, calls);
        }
    }

    [Fact]
    public async Task A_read_that_keeps_failing_is_given_up_after_the_backoff_and_the_failure_goes_on()
    {
        var context = Request("GET");
        var calls = 0;
        await Assert.ThrowsAsync<SiloUnavailableException>(() => Middleware(_ =>
        {
            calls++;
            throw new SiloUnavailableException();
        }).InvokeAsync(context));
        Assert.Equal(ClusterRetryMiddleware.Backoff.Count + 1, calls);
    }

    /// <summary>Authenticates once per handler instance, as every scheme does; its first run meets a leaving silo.</summary>
    private sealed class SiloLeavingOnceHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logs, UrlEncoder encoder, List<string> runs)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logs, encoder)
    {
        /// <summary>Async, as the JWT bearer handler is: its failure is a faulted task, which the handler keeps.</summary>
        protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            await Task.Yield();
            runs.Add("run");
            return runs.Count == 1
                ? throw new SiloUnavailableException("The target silo became unavailable for message: Request […]")
                : AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity("test")), Scheme.Name));
        }
    }

    [Fact]
    public async Task A_read_whose_authentication_met_a_leaving_silo_authenticates_afresh_when_run_again()
    {
        // The handler caches its result for the request's scope: a rerun in the same scope would meet the first
        // failure again on every attempt (bench/rolling.sh saw a 503 for GET /api/users/current so).
        var runs = new List<string>();
        var services = new ServiceCollection().AddLogging().AddSingleton(runs);
        services.AddAuthentication("leaving").AddScheme<AuthenticationSchemeOptions, SiloLeavingOnceHandler>("leaving", _ => { });
        await using var root = services.BuildServiceProvider();
        await using var scope = root.CreateAsyncScope();
        var context = Request("GET");
        context.RequestServices = scope.ServiceProvider;

        await Middleware(async c =>
        {
            var result = await c.AuthenticateAsync("leaving");
            c.Response.StatusCode = result.Succeeded ? 200 : 401;
        }).InvokeAsync(context);

        Assert.Equal(200, context.Response.StatusCode);
        Assert.Equal(2, runs.Count);
        Assert.Same(scope.ServiceProvider, context.RequestServices);
    }

    private static ClusterRetryMiddleware Middleware(RequestDelegate next) =>
        new(next, NullLogger<ClusterRetryMiddleware>.Instance);

    private static DefaultHttpContext Request(string method, bool idempotentRoute = false, string? key = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        // Seekable, as JsonShapeMiddleware leaves every JSON body it buffered.
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(Body));
        context.Request.ContentType = "application/json";
        if (key is not null)
        {
            context.Request.Headers[IdempotencyMiddleware.Header] = key;
        }

        if (idempotentRoute)
        {
            context.SetEndpoint(new Endpoint(null, new EndpointMetadataCollection(IdempotentCreate.Instance), "create"));
        }

        return context;
    }
}
