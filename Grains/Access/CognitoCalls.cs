namespace HomeUniteUs.Grains.Access;

/// <summary>
/// The one way identity code calls Cognito. Cognito's errors leave as API.md's errors, through <c>map</c>
/// (<see cref="CognitoErrors.Map(Exception)"/> unless a flow has its own table); a <see cref="HuuException"/> and a
/// database outage pass unchanged (the grain boundary makes the outage the 503); a Cognito error the caller
/// <c>expects</c> is returned instead of thrown; <c>undo</c> runs before any failure leaves.
/// </summary>
public static class CognitoCalls
{
    public static async Task<T> Call<T>(Func<Task<T>> call, Func<Exception, HuuException>? map = null)
    {
        var result = default(T)!;

        // A block body: an expression lambda that yields the value would pick this overload again.
        await Call(async () => { result = await call(); }, map);
        return result;
    }

    /// <returns>Null when the call succeeded, else the expected Cognito error it met.</returns>
    public static async Task<CognitoException?> Call(
        Func<Task> call, Func<Exception, HuuException>? map = null, Func<CognitoException, bool>? expected = null, Func<Exception, Task>? undo = null)
    {
        try
        {
            await call();
            return null;
        }
        catch (CognitoException e) when (expected?.Invoke(e) == true)
        {
            return e;
        }
        catch (Exception e)
        {
            if (undo is not null)
            {
                await undo(e);
            }

            if (e is HuuException || DatabaseOutage.IsOutage(e))
            {
                throw;
            }

            throw (map ?? CognitoErrors.Map)(e);
        }
    }

    /// <summary>Expects the Cognito error of this name (e.g. an account that is already gone).</summary>
    public static Func<CognitoException, bool> Named(string errorName) => e => e.ErrorName == errorName;
}
