using System.Reflection;
using System.Security.Claims;
using HomeUniteUs.Grains.Interfaces.Access;
using HomeUniteUs.WebGateway.Auth;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace HomeUniteUs.Tests.Unit.Access;

/// <summary>
/// The store check's verdict cache on a fake clock: a verdict is reused for <see cref="StoreCallerCheck.VerdictLifetime"/>
/// (no user grain call), then asked for again, so a sign-out through another gateway takes effect here within that time.
/// </summary>
public sealed class StoreCallerCheckClockTests
{
    private static readonly UserView Guest = new(7, "guest@example.com", "Guest", null, "G", UserRoles.Guest, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    private readonly StoreGrains store = new();

    [Fact]
    public async Task A_verdict_is_reused_within_its_lifetime_and_asked_for_again_after_it()
    {
        using var check = new StoreCallerCheck(clock);
        var token = Token();

        Assert.True(await check.Accepts(token, store.Factory));
        clock.Advance(StoreCallerCheck.VerdictLifetime - TimeSpan.FromMilliseconds(1));
        Assert.True(await check.Accepts(token, store.Factory));
        Assert.Equal(1, store.Authentications);

        // Signed out through another gateway: this one honours its verdict only until the verdict's lifetime ends.
        store.Verdict = null;
        Assert.True(await check.Accepts(token, store.Factory));
        clock.Advance(TimeSpan.FromMilliseconds(2));
        Assert.False(await check.Accepts(token, store.Factory));
        Assert.Equal(2, store.Authentications);
    }

    [Fact]
    public async Task A_sign_out_through_this_gateway_voids_the_verdict_at_once()
    {
        using var check = new StoreCallerCheck(clock);
        var token = Token();
        var principal = new ClaimsPrincipal(new ClaimsIdentity(token.Claims, "test"));
        Assert.Null(await check.Check(principal, token, store.Factory));
        Assert.Equal("7", principal.FindFirst(CallerClaims.UserId)?.Value);

        store.Verdict = null;
        clock.Advance(TimeSpan.FromMilliseconds(1));
        check.Forget(Guest.Id);
        Assert.False(await check.Accepts(token, store.Factory));
        Assert.Equal(2, store.Authentications);
    }

    private JsonWebToken Token()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return new JsonWebToken(new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity([new Claim("sub", "guest-sub"), new Claim("jti", Guid.NewGuid().ToString("N")), new Claim("cognito:groups", "Guests")]),
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddHours(1),
        }));
    }

    /// <summary>A grain factory whose subject grain binds every subject to <see cref="Guest"/> and whose user grain counts its verdicts.</summary>
    private sealed class StoreGrains
    {
        public StoreGrains() => Factory = Fake<IGrainFactory>((method, _) => method.Name switch
        {
            nameof(IGrainFactory.GetGrain) when method.ReturnType == typeof(ISubjectGrain) => Fake<ISubjectGrain>((called, _) => called.Name == nameof(ISubjectGrain.Get)
                ? Task.FromResult<SubjectBinding?>(new SubjectBinding(Guest.Id, Guest.Email))
                : throw new NotSupportedException(called.Name)),
            nameof(IGrainFactory.GetGrain) when method.ReturnType == typeof(IUserGrain) => Fake<IUserGrain>((called, _) => called.Name == nameof(IUserGrain.Authenticate)
                ? Task.FromResult(Authenticate())
                : throw new NotSupportedException(called.Name)),
            _ => throw new NotSupportedException(method.Name),
        });

        public IGrainFactory Factory { get; }

        public UserView? Verdict { get; set; } = Guest;

        public int Authentications { get; private set; }

        private UserView? Authenticate()
        {
            Authentications++;
            return Verdict;
        }
    }

    private static T Fake<T>(Func<MethodInfo, object?[]?, object?> answer)
        where T : class
    {
        var fake = DispatchProxy.Create<T, Answering>();
        ((Answering)(object)fake).Answer = answer;
        return fake;
    }

    public class Answering : DispatchProxy
    {
        public Func<MethodInfo, object?[]?, object?> Answer { get; set; } = (method, _) => throw new NotSupportedException(method.Name);

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => Answer(targetMethod!, args);
    }
}
