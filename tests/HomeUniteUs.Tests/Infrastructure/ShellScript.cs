namespace HomeUniteUs.Tests.Infrastructure;

/// <summary>Runs one of the repo's scripts and reads the KEY=VALUE lines it prints.</summary>
public static class ShellScript
{
    public static async Task<Dictionary<string, string>> Run(string script, params string[] args)
    {
        var (exitCode, stdout, stderr) = await ExternalProgram.Run("bash", [RepoPaths.Script(script), .. args], TimeSpan.FromMinutes(5));
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{script} {string.Join(' ', args)} failed ({exitCode}): {stderr}");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                values[line[..eq]] = line[(eq + 1)..];
            }
        }

        return values;
    }
}
