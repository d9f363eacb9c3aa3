using System.Net.Http.Headers;

namespace HomeUniteUs.Tests.Infrastructure;

/// <summary>
/// A whole service as the acceptance suite sees it: a fresh database and user pool on the
/// shared PostgreSQL and moto, silo process(es) and a gateway process, configured only by
/// the environment variables of API.md. With <see cref="Cohosted"/> the first silo serves the API itself
/// (HUU_COHOSTED_API=true) and no gateway process runs: <see cref="Gateway"/> is that silo.
/// </summary>
public class ServiceStack : IAsyncLifetime
{
    private readonly List<ServiceProcess> silos = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<TestAccount>>> seeded = new();

    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public ServiceProcess Gateway { get; private set; } = null!;

    public IReadOnlyList<ServiceProcess> Silos => silos;

    public HttpClient Http { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public string ConnectionString => SharedServers.ConnectionString(Environment["DATABASE_URL"]);

    /// <summary>A last word on the environment before anything starts.</summary>
    protected virtual void Configure(Dictionary<string, string> environment)
    {
    }

    /// <summary>An asynchronous last word on the environment (e.g. making another kind of user pool).</summary>
    protected virtual Task ConfigureAsync(Dictionary<string, string> environment) => Task.CompletedTask;

    /// <summary>How many silos to start with.</summary>
    protected virtual int InitialSilos => 1;

    /// <summary>
    /// How long start-up may take before the stack counts as broken (zero: do not wait). Generous: on a loaded 2-core
    /// machine a silo has taken over 90 s to become ready.
    /// </summary>
    protected virtual TimeSpan ReadyTimeout => TimeSpan.FromSeconds(180);

    /// <summary>True: the first silo serves the API itself (HUU_COHOSTED_API=true); no gateway process.</summary>
    protected virtual bool Cohosted => false;

    /// <summary>HUU_ENVIRONMENT: development seeds the test users.</summary>
    protected virtual string HuuEnvironment => "development";

    public virtual async Task InitializeAsync()
    {
        Environment["DATABASE_URL"] = await SharedServers.CreateDatabase();
        foreach (var (key, value) in await SharedServers.CreateCognitoPool())
        {
            Environment[key] = value;
        }

        Environment["ROOT_URL"] = "http://localhost:3000";
        Environment["HUU_ENVIRONMENT"] = HuuEnvironment;
        Environment["LOG_LEVEL"] = "INFO";
        Environment["ORLEANS_CLUSTER_ID"] = "test-" + Guid.NewGuid().ToString("N")[..8];
        // No load balancer to wait for: a stack's gateways stop at once (GatewayShutdownTests sets its own delay).
        Environment["HUU_SHUTDOWN_DELAY"] = "0";
        Configure(Environment);
        await ConfigureAsync(Environment);
        var httpPort = FreePort.Next();
        Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{httpPort}";
        BaseAddress = new Uri($"http://127.0.0.1:{httpPort}");
        Http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = BaseAddress };

        if (Cohosted)
        {
            Gateway = StartSilo(new Dictionary<string, string> { ["HUU_COHOSTED_API"] = "true" });
        }

        for (var i = silos.Count; i < InitialSilos; i++)
        {
            StartSilo();
        }

        if (!Cohosted)
        {
            Gateway = ServiceProcess.Start("gateway", RepoPaths.GatewayDll, Environment);
        }

        if (ReadyTimeout > TimeSpan.Zero)
        {
            await WaitUntilReady(ReadyTimeout);
        }
        else
        {
            await WaitUntilAnswering();
        }
    }

    private async Task WaitUntilAnswering()
    {
        for (var i = 0; i < 200; i++)
        {
            try
            {
                using var response = await Http.GetAsync(new Uri("/api/health", UriKind.Relative));
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(250);
            }
        }

        throw new TimeoutException("The gateway never answered.\n" + Gateway.Output);
    }

    /// <summary>
    /// A seeded development user (password Test123!), signed in once per stack and shared:
    /// tests that sign out or change an account make their own.
    /// </summary>
    public async Task<TestAccount> Seeded(string email)
    {
        var signIn = seeded.GetOrAdd(email, e => new Lazy<Task<TestAccount>>(() => TestAccounts.SignIn(this, e)));
        try
        {
            return await signIn.Value;
        }
        catch
        {
            seeded.TryRemove(new KeyValuePair<string, Lazy<Task<TestAccount>>>(email, signIn));
            throw;
        }
    }

    /// <summary>Starts one more silo on its own ports in the same cluster (with <paramref name="extra"/> settings).</summary>
    public ServiceProcess StartSilo(IReadOnlyDictionary<string, string>? extra = null)
    {
        var env = new Dictionary<string, string>(Environment, StringComparer.Ordinal)
        {
            ["ORLEANS_SILO_PORT"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ORLEANS_GATEWAY_PORT"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            env[key] = value;
        }

        var silo = ServiceProcess.Start($"silo{silos.Count + 1}", RepoPaths.SiloDll, env);
        silos.Add(silo);
        return silo;
    }

    /// <summary>Polls /api/health/ready until it answers 200.</summary>
    public async Task WaitUntilReady(TimeSpan timeout)
    {
        if (!await AnswersReady(Http, timeout))
        {
            throw new TimeoutException($"The stack did not become ready.\n--- gateway ---\n{Gateway.Output}\n--- silos ---\n{string.Join("\n", silos.Select(s => s.Output))}");
        }
    }

    /// <summary>Whether the gateway behind <paramref name="http"/> answers /api/health/ready with 200 within <paramref name="timeout"/> (a bounded poll).</summary>
    public static async Task<bool> AnswersReady(HttpClient http, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await http.GetAsync(new Uri("/api/health/ready", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(250);
        }

        return false;
    }

    public static HttpRequestMessage Request(HttpMethod method, string path, string? bearer = null, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = content };
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return request;
    }

    public virtual async Task DisposeAsync()
    {
        Http?.Dispose();
        if (Gateway is not null && !silos.Contains(Gateway))
        {
            await Gateway.DisposeAsync();
        }

        foreach (var silo in silos)
        {
            await silo.DisposeAsync();
        }
    }
}
