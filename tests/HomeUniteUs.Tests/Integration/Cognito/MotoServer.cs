using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using HomeUniteUs.Configuration;
using HomeUniteUs.Grains.Access.Cognito;
using HomeUniteUs.Tests.Unit.Cognito;
using Microsoft.Extensions.DependencyInjection;

namespace HomeUniteUs.Tests.Integration.Cognito;

/// <summary>
/// A real moto Cognito for the client's tests: <c>moto_server</c> on 127.0.0.1 and a free port (or the server at
/// HUU_TEST_MOTO_URL), with a fresh user pool that signs in by email, an app client with a secret and the four role
/// groups, all created through <see cref="CognitoClient"/> itself. Kept small until the shared fixture replaces it.
/// </summary>
public sealed class MotoServer : IAsyncLifetime
{
    public static readonly IReadOnlyList<string> Groups = ["Admins", "Hosts", "Coordinators", "Guests"];

    private readonly List<string> log = [];
    private Process? process;
    private ServiceProvider? services;

    public Uri Endpoint { get; private set; } = null!;

    public HuuSettings Settings { get; private set; } = null!;

    /// <summary>A client built as the silo builds it (DI, signing, retries), on this fixture's pool.</summary>
    public CognitoClient Client => services!.GetRequiredService<CognitoClient>();

    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable("HUU_TEST_MOTO_URL");
        if (!string.IsNullOrWhiteSpace(external))
        {
            Endpoint = new Uri(external);
        }
        else
        {
            var port = FreePort();
            Endpoint = new Uri($"http://127.0.0.1:{port}");
            StartMoto(port);
            await WaitUntilAnsweringAsync(TimeSpan.FromSeconds(30));
        }

        // The pool does not exist yet: pool and client ids are placeholders for the set-up calls.
        using (var setup = CreateServices(CognitoTestSettings.Create(Endpoint, "none", "none", "none", "testing", "testing")))
        {
            var cognito = setup.GetRequiredService<CognitoClient>();
            var pool = await cognito.CreateUserPoolAsync($"huu-test-{Guid.NewGuid():N}");
            var appClient = await cognito.CreateUserPoolClientAsync(pool.Id, "huu-test");
            Settings = CognitoTestSettings.Create(Endpoint, pool.Id, appClient.ClientId, appClient.ClientSecret!, "testing", "testing");
        }

        services = CreateServices(Settings);
        foreach (var group in Groups)
        {
            await Client.CreateGroupAsync(group);
        }
    }

    public async Task DisposeAsync()
    {
        if (services is not null)
        {
            await services.DisposeAsync();
        }

        if (process is not null)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }
    }

    public static ServiceProvider CreateServices(HuuSettings settings) =>
        new ServiceCollection().AddSingleton(settings).AddCognitoClient().BuildServiceProvider();

    /// <summary>A port nothing listens on at the moment of asking.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void StartMoto(int port)
    {
        var start = new ProcessStartInfo("moto_server")
        {
            ArgumentList = { "-H", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("moto_server did not start");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException("moto_server is not on PATH: install moto[server] 5.2, or set HUU_TEST_MOTO_URL", exception);
        }

        // moto logs every request; drain both pipes so it never blocks on a full one, and keep the start for diagnostics.
        process.OutputDataReceived += (_, line) => Remember(line.Data);
        process.ErrorDataReceived += (_, line) => Remember(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    private void Remember(string? line)
    {
        lock (log)
        {
            if (line is not null && log.Count < 50)
            {
                log.Add(line);
            }
        }
    }

    private async Task WaitUntilAnsweringAsync(TimeSpan limit)
    {
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (process!.HasExited)
            {
                break;
            }

            try
            {
                using var response = await probe.GetAsync(new Uri(Endpoint, "/moto-api/"));
                return;
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                await Task.Delay(100);
            }
        }

        string output;
        lock (log)
        {
            output = string.Join('\n', log);
        }

        throw new InvalidOperationException($"moto_server did not answer on {Endpoint} within {limit}:\n{output}");
    }
}

[CollectionDefinition(Name)]
public sealed class CognitoMotoCollection : ICollectionFixture<MotoServer>
{
    public const string Name = "Cognito client against moto";
}
