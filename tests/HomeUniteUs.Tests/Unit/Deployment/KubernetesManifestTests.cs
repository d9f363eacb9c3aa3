using System.Globalization;
using System.Text.Json.Nodes;
using HomeUniteUs.Configuration;
using HomeUniteUs.Silo;
using HomeUniteUs.Tests.Infrastructure;

namespace HomeUniteUs.Tests.Unit.Deployment;

/// <summary>
/// deploy/kubernetes as `kubectl kustomize` renders it (Debian's kubectl 1.20 in CI), checked for what a
/// reviewer of a deployment looks for: probes, resources, disruption budgets, secrets kept out of the
/// manifests, migrations before silos, the silos' Orleans Kubernetes hosting, the gateways' autoscaler.
/// </summary>
public sealed class KubernetesManifestTests
{
    private const string Directory = "deploy/kubernetes";
    private const string SecretName = "huu-secrets";
    private static readonly Lazy<Task<IReadOnlyList<JsonObject>>> Rendered = new(() => Kustomize.Render(Directory));

    /// <summary>The settings that are secrets: they come from the Secret, never from a manifest.</summary>
    private static readonly string[] Secrets = ["DATABASE_URL", "COGNITO_CLIENT_SECRET", "COGNITO_ACCESS_ID", "COGNITO_ACCESS_KEY"];

    [Fact]
    public async Task Every_container_of_a_Deployment_has_the_health_probes_and_resources()
    {
        var deployments = await Objects("Deployment");
        Assert.Equal(["huu-gateway", "huu-silo"], deployments.Select(Name).Order(StringComparer.Ordinal));
        foreach (var container in deployments.SelectMany(Containers))
        {
            var name = container["name"]!.ToString();
            Assert.True("/api/health/ready" == Text(container, "readinessProbe", "httpGet", "path"), $"{name}: readiness probe");
            Assert.True("/api/health" == Text(container, "livenessProbe", "httpGet", "path"), $"{name}: liveness probe");
            AssertResources(container);
        }

        foreach (var container in (await Objects("Job")).SelectMany(Containers))
        {
            AssertResources(container);
        }
    }

    [Fact]
    public async Task Silos_and_gateways_have_disruption_budgets_and_time_to_hand_over()
    {
        var budgets = await Objects("PodDisruptionBudget");
        foreach (var deployment in await Objects("Deployment"))
        {
            var podLabels = (JsonObject)deployment["spec"]!["template"]!["metadata"]!["labels"]!;
            Assert.True(
                budgets.Any(budget => Selects((JsonObject)budget["spec"]!["selector"]!["matchLabels"]!, podLabels)),
                $"no PodDisruptionBudget selects the pods of {Name(deployment)}");
        }

        Assert.True(Int(await Deployment("huu-silo"), "spec", "template", "spec", "terminationGracePeriodSeconds") >= 120, "silo grace period");
        Assert.True(Int(await Deployment("huu-gateway"), "spec", "template", "spec", "terminationGracePeriodSeconds") >= 30, "gateway grace period");
    }

    [Fact]
    public async Task Secrets_are_referenced_never_inlined()
    {
        var objects = await Rendered.Value;
        Assert.DoesNotContain(objects, o => Kind(o) == "Secret");
        foreach (var map in await Objects("ConfigMap"))
        {
            var keys = ((JsonObject)map["data"]!).Select(pair => pair.Key).ToList();
            Assert.True(!keys.Intersect(Secrets).Any(), $"ConfigMap {Name(map)} holds a secret: {string.Join(", ", keys.Intersect(Secrets))}");
        }

        foreach (var container in (await Objects("Deployment")).Concat(await Objects("Job")).SelectMany(Containers))
        {
            var literal = (container["env"]?.AsArray() ?? []).Select(e => e!["name"]!.ToString()).Intersect(Secrets).ToList();
            Assert.True(literal.Count == 0, $"{container["name"]} sets {string.Join(", ", literal)} in the manifest");
            Assert.Contains(container["envFrom"]!.AsArray(), source => source!["secretRef"]?["name"]?.ToString() == SecretName);
        }
    }

    [Fact]
    public async Task The_settings_and_the_secret_example_together_are_every_required_setting()
    {
        var settings = (JsonObject)(await Objects("ConfigMap")).Single(map => Name(map) == "huu-settings")["data"]!;
        var example = File.ReadAllLines(Path.Combine(RepoPaths.Root, Directory, "secrets.env.example"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line[..line.IndexOf('=', StringComparison.Ordinal)])
            .ToList();
        Assert.Equal(Secrets.Order(StringComparer.Ordinal), example.Where(Secrets.Contains).Order(StringComparer.Ordinal));

        var environment = settings.ToDictionary(pair => pair.Key, pair => pair.Value!.ToString(), StringComparer.Ordinal);
        foreach (var key in example)
        {
            environment[key] = key == "DATABASE_URL" ? "postgresql://huu:secret@postgres:5432/huu" : "set";
        }

        Assert.Equal("huu", HuuSettings.Load(environment).ClusterId);
    }

    [Fact]
    public async Task A_Job_migrates_the_database_and_the_silos_start_only_after_it()
    {
        var job = Assert.Single(await Objects("Job"));
        var migrate = Assert.Single(Containers(job));
        Assert.Equal("only", EnvValue(migrate, SiloProcessMode.MigrationsVariable));
        Assert.Equal("silo", migrate["args"]![0]!.ToString());

        var silo = Assert.Single(Containers(await Deployment("huu-silo")));
        Assert.Equal("wait", EnvValue(silo, SiloProcessMode.MigrationsVariable));
        Assert.Equal(migrate["image"]!.ToString(), silo["image"]!.ToString());
        // The silo waits inside its startup probe: a few minutes for the Job before the container is restarted.
        Assert.Equal("/api/health", Text(silo, "startupProbe", "httpGet", "path"));
        Assert.True(Int(silo, "startupProbe", "periodSeconds") * Int(silo, "startupProbe", "failureThreshold") >= 300, "startup probe window");

        var gateway = Assert.Single(Containers(await Deployment("huu-gateway")));
        Assert.Null(EnvValue(gateway, SiloProcessMode.MigrationsVariable));
    }

    [Fact]
    public async Task Silos_run_Orleans_Kubernetes_hosting_in_pods_labelled_for_their_cluster()
    {
        var deployment = await Deployment("huu-silo");
        var labels = (JsonObject)deployment["spec"]!["template"]!["metadata"]!["labels"]!;
        var settings = (await Objects("ConfigMap")).Single(map => Name(map) == "huu-settings");
        Assert.Equal(HuuSettings.ServiceId, labels["orleans/serviceId"]!.ToString());
        Assert.Equal(settings["data"]!["ORLEANS_CLUSTER_ID"]!.ToString(), labels["orleans/clusterId"]!.ToString());

        var silo = Assert.Single(Containers(deployment));
        Assert.Equal("true", EnvValue(silo, KubernetesHosting.Variable));
        Assert.Equal("true", EnvValue(silo, CohostedApi.Variable));
        foreach (var (variable, field) in new[] { ("POD_NAME", "metadata.name"), ("POD_NAMESPACE", "metadata.namespace"), ("POD_IP", "status.podIP") })
        {
            var entry = silo["env"]!.AsArray().Single(e => e!["name"]!.ToString() == variable)!;
            Assert.Equal(field, entry["valueFrom"]!["fieldRef"]!["fieldPath"]!.ToString());
        }

        // The pod's service account may watch and label pods (Orleans' cluster agent), nothing more.
        var account = Text(deployment, "spec", "template", "spec", "serviceAccountName");
        var binding = (await Objects("RoleBinding")).Single(b => b["subjects"]!.AsArray().Any(s => s!["name"]!.ToString() == account));
        var role = (await Objects("Role")).Single(r => Name(r) == Text(binding, "roleRef", "name"));
        var rule = Assert.Single(role["rules"]!.AsArray())!;
        Assert.Equal(["pods"], rule["resources"]!.AsArray().Select(r => r!.ToString()));
        Assert.Equal(["get", "list", "patch", "watch"], rule["verbs"]!.AsArray().Select(v => v!.ToString()).Order(StringComparer.Ordinal));
        Assert.Null((await Deployment("huu-gateway"))["spec"]!["template"]!["spec"]!["serviceAccountName"]);
    }

    [Fact]
    public async Task The_Service_and_the_autoscaler_are_the_gateways()
    {
        var gateway = await Deployment("huu-gateway");
        var gatewayLabels = (JsonObject)gateway["spec"]!["template"]!["metadata"]!["labels"]!;
        var siloLabels = (JsonObject)(await Deployment("huu-silo"))["spec"]!["template"]!["metadata"]!["labels"]!;
        var service = Assert.Single(await Objects("Service"));
        var selector = (JsonObject)service["spec"]!["selector"]!;
        Assert.True(Selects(selector, gatewayLabels) && !Selects(selector, siloLabels), "the Service selects the gateways only");

        var autoscaler = Assert.Single(await Objects("HorizontalPodAutoscaler"));
        Assert.Equal("Deployment", Text(autoscaler, "spec", "scaleTargetRef", "kind"));
        Assert.Equal(Name(gateway), Text(autoscaler, "spec", "scaleTargetRef", "name"));
        Assert.True(Int(autoscaler, "spec", "minReplicas") >= 2, "at least two gateways");
        // The autoscaler owns the count: a replicas field would reset it on every apply.
        Assert.Null(gateway["spec"]!["replicas"]);
    }

    private static async Task<List<JsonObject>> Objects(string kind) => [.. (await Rendered.Value).Where(o => Kind(o) == kind)];

    private static async Task<JsonObject> Deployment(string name) => (await Objects("Deployment")).Single(d => Name(d) == name);

    private static string Kind(JsonObject o) => o["kind"]!.ToString();

    private static string Name(JsonObject o) => o["metadata"]!["name"]!.ToString();

    private static IEnumerable<JsonObject> Containers(JsonObject workload) =>
        workload["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Select(c => (JsonObject)c!);

    private static string? EnvValue(JsonObject container, string name) =>
        (container["env"]?.AsArray() ?? []).SingleOrDefault(e => e!["name"]!.ToString() == name)?["value"]?.ToString();

    private static string? Text(JsonNode node, params string[] path) =>
        path.Aggregate<string, JsonNode?>(node, (current, key) => current?[key])?.ToString();

    private static int Int(JsonNode node, params string[] path) =>
        int.Parse(Text(node, path) ?? throw new InvalidOperationException($"{string.Join('.', path)} is missing"), CultureInfo.InvariantCulture);

    private static bool Selects(JsonObject selector, JsonObject labels) =>
        selector.All(pair => labels[pair.Key]?.ToString() == pair.Value!.ToString());

    private static void AssertResources(JsonObject container)
    {
        foreach (var bound in new[] { "requests", "limits" })
        {
            foreach (var resource in new[] { "cpu", "memory" })
            {
                Assert.True(Text(container, "resources", bound, resource) is { Length: > 0 }, $"{container["name"]}: resources.{bound}.{resource}");
            }
        }
    }
}
