using System.Diagnostics;

namespace HomeUniteUs.Tests.Infrastructure;

/// <summary>Runs a program to its end (bounded by <c>timeout</c>) and keeps what it wrote.</summary>
public static class ExternalProgram
{
    public static async Task<(int ExitCode, string Output, string Errors)> Run(string program, IEnumerable<string> arguments, TimeSpan timeout, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? RepoPaths.Root,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            // Left running, a program that never ends would outlive the test run.
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not end within {timeout}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
