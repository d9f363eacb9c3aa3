using System.Net;
using Orleans.Configuration;
using Orleans.Hosting.Kubernetes;

namespace HomeUniteUs.Silo;

/// <summary>
/// HUU_KUBERNETES_HOSTING=true (off by default, and off everywhere but deploy/kubernetes): Orleans'
/// Kubernetes hosting. The silo is named after its pod and advertises the pod's address (POD_NAME,
/// POD_NAMESPACE and POD_IP, from the downward API), listens on every address, and watches the pods
/// labelled orleans/serviceId and orleans/clusterId, so that a deleted pod's silo is declared dead at once.
/// </summary>
public static class KubernetesHosting
{
    public const string Variable = "HUU_KUBERNETES_HOSTING";

    /// <summary>Whether the setting is on; a value other than true/false/1/0 throws <see cref="SettingsException"/>.</summary>
    public static bool IsEnabled(IReadOnlyDictionary<string, string> environment) => OnOffSetting.Read(environment, Variable);

    /// <summary>
    /// Call before <see cref="SiloSetup.AddHomeUniteUs"/> (without its endpoints): Kubernetes hosting also reads a
    /// service id from ORLEANS_SERVICE_ID, and ours, configured after it, wins; grain storage rows are keyed by it.
    /// </summary>
    public static ISiloBuilder UseHomeUniteUsKubernetesHosting(this ISiloBuilder silo, HuuSettings settings)
    {
        silo.Configure<EndpointOptions>(options =>
        {
            options.SiloPort = settings.SiloPort;
            options.GatewayPort = settings.GatewayPort;
            // Set here: left to Kubernetes hosting, the silo advertised the machine's first address, not POD_IP
            // (its post-configuration only fills in an address that nothing set; KubernetesHostingTests).
            if (Environment.GetEnvironmentVariable(KubernetesHostingOptions.PodIPEnvironmentVariable) is { Length: > 0 } podIp)
            {
                options.AdvertisedIPAddress = IPAddress.Parse(podIp);
            }
        });
        return silo.UseKubernetesHosting();
    }
}
