using System.Net;
using HomeUniteUs.Configuration;
using HomeUniteUs.Silo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace HomeUniteUs.Tests.Unit.Hosting;

/// <summary>
/// The silo as HUU_KUBERNETES_HOSTING builds it, read from its options without starting it (no Kubernetes API here):
/// the pod's name and address from the downward API's variables, our ports, and our fixed service id even when
/// ORLEANS_SERVICE_ID says otherwise. The variables are set on this process only for the test (no other code reads them).
/// </summary>
public sealed class KubernetesHostingTests
{
    private static readonly Dictionary<string, string> Pod = new(StringComparer.Ordinal)
    {
        ["POD_NAME"] = "huu-silo-7d9f-abcde",
        ["POD_NAMESPACE"] = "huu",
        ["POD_IP"] = "10.42.0.17",
        ["ORLEANS_SERVICE_ID"] = "another-service",
    };

    [Fact]
    public void The_silo_is_named_and_addressed_by_its_pod_on_our_ports_and_keeps_its_service_id()
    {
        var settings = HuuSettings.Load(new Dictionary<string, string>
        {
            ["DATABASE_URL"] = "postgresql://huu:secret@postgres:5432/huu",
            ["COGNITO_CLIENT_ID"] = "client",
            ["COGNITO_CLIENT_SECRET"] = "secret",
            ["COGNITO_REGION"] = "us-east-1",
            ["COGNITO_USER_POOL_ID"] = "us-east-1_pool",
            ["COGNITO_ACCESS_ID"] = "id",
            ["COGNITO_ACCESS_KEY"] = "key",
            ["ROOT_URL"] = "https://homeuniteus.example.org",
            ["ORLEANS_CLUSTER_ID"] = "k8s",
            ["ORLEANS_SILO_PORT"] = "11112",
            ["ORLEANS_GATEWAY_PORT"] = "30001",
        });
        foreach (var (name, value) in Pod)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        try
        {
            var builder = Host.CreateApplicationBuilder();
            builder.UseOrleans(silo => silo.UseHomeUniteUsKubernetesHosting(settings).AddHomeUniteUs(settings, configureEndpoints: false));
            using var host = builder.Build();

            var endpoints = host.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;
            Assert.Equal(IPAddress.Parse(Pod["POD_IP"]), endpoints.AdvertisedIPAddress);
            Assert.Equal(new IPEndPoint(IPAddress.Any, 11112), endpoints.SiloListeningEndpoint);
            Assert.Equal(new IPEndPoint(IPAddress.Any, 30001), endpoints.GatewayListeningEndpoint);
            Assert.Equal(Pod["POD_NAME"], host.Services.GetRequiredService<IOptions<SiloOptions>>().Value.SiloName);
            var cluster = host.Services.GetRequiredService<IOptions<ClusterOptions>>().Value;
            Assert.Equal(HuuSettings.ServiceId, cluster.ServiceId);
            Assert.Equal("k8s", cluster.ClusterId);
        }
        finally
        {
            foreach (var name in Pod.Keys)
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }
    }
}
