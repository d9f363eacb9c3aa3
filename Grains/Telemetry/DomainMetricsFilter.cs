namespace HomeUniteUs.Grains.Telemetry;

/// <summary>
/// Counts the outcomes of the identity and intake calls at the grain boundary, so the grains
/// themselves carry no metric code: "success" (or the review decision / the sign-in challenge),
/// else the error code the caller got.
/// </summary>
public sealed class DomainMetricsFilter : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        var record = Recorder(context);
        if (record is null)
        {
            await context.Invoke();
            return;
        }

        try
        {
            await context.Invoke();
        }
        catch (Exception e)
        {
            record(e is HuuException domain ? domain.Code : "error");
            throw;
        }

        record(SuccessOutcome(context));
    }

    private static Action<string>? Recorder(IIncomingGrainCallContext context)
    {
        var method = context.InterfaceMethod;
        if (method.DeclaringType == typeof(IIdentityFlowGrain))
        {
            return method.Name switch
            {
                nameof(IIdentityFlowGrain.SignIn) => HuuMetrics.SignIn,
                nameof(IIdentityFlowGrain.SignUp) => HuuMetrics.SignUp,
                _ => null,
            };
        }

        if (method.DeclaringType == typeof(IIntakeProfileGrain))
        {
            return method.Name switch
            {
                nameof(IIntakeProfileGrain.Submit) => HuuMetrics.IntakeSubmission,
                nameof(IIntakeProfileGrain.Review) => HuuMetrics.IntakeReview,
                _ => null,
            };
        }

        return null;
    }

    private static string SuccessOutcome(IIncomingGrainCallContext context) => context.Result switch
    {
        SignInOutcome { ChallengeUserId: not null } => "new_password_required",
        // A review that succeeded had a valid decision (APPROVED or DENIED).
        _ when context.InterfaceMethod.Name == nameof(IIntakeProfileGrain.Review) && context.Request.GetArgument(0) is string decision => decision,
        _ => "success",
    };
}
