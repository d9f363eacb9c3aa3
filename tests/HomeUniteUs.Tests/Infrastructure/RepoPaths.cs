namespace HomeUniteUs.Tests.Infrastructure;

/// <summary>Where the repository and the built silo/gateway are, seen from the test assembly.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release: the configuration the tests were built with (the services are built alongside).</summary>
    public static string Configuration { get; } =
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    public static string SiloDll => Path.Combine(Root, "Silo", "bin", Configuration, "net10.0", "Silo.dll");

    public static string GatewayDll => Path.Combine(Root, "WebGateway", "bin", Configuration, "net10.0", "WebGateway.dll");

    public static string Script(string name) => Path.Combine(Root, "scripts", name);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "HomeUniteUs.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("HomeUniteUs.sln not found above " + AppContext.BaseDirectory);
    }
}
