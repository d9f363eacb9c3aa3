using System.Security.Claims;
using HomeUniteUs.Grains.Interfaces.Access;
using HomeUniteUs.Grains.Interfaces.ReadCaches;
using HomeUniteUs.Tests.Infrastructure;
using HomeUniteUs.WebGateway.Auth;
using HomeUniteUs.WebGateway.ReadCaches;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using static HomeUniteUs.Tests.Infrastructure.Fakes;

namespace HomeUniteUs.Tests.Unit.Access;

/// <summary>
/// The store check's verdict cache on a fake clock: a verdict is reused for at most <see cref="TokenCaches.VerdictLifetime"/>
/// (no user grain call) and only while the gateway holds its read-cache lease; the hub's report of a change of the user
/// (sign-out, deletion) voids it at once, and a lapsed lease voids every verdict.
/// </summary>
public sealed class StoreCallerCheckClockTests : IAsyncLifetime, IDisposable
{
    private static readonly UserView Guest = new(7, "guest@example.com", "Guest", null, "G", UserRoles.Guest, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    private readonly StoreGrains store = new();
    private readonly FakeHubLease held;
    private readonly ReadCacheLease lease;

    public StoreCallerCheckClockTests()
    {
        held = new FakeHubLease(store.Factory, clock);
        lease = held.Lease;
    }

    public Task InitializeAsync() => held.StartHeld();

    public Task DisposeAsync() => held.Stop();

    public void Dispose() => held.Dispose();

    [Fact]
    public async Task A_verdict_is_reused_within_its_lifetime_and_asked_for_again_after_it()
    {
        using var check = new StoreCallerCheck(lease, clock);
        var token = Token();

        Assert.True(await check.Accepts(token, store.Factory));
        clock.Advance(TokenCaches.VerdictLifetime - TimeSpan.FromMilliseconds(1));
        Assert.True(await check.Accepts(token, store.Factory));
        Assert.Equal(1, store.Authentications);

        // A change nobody reported (no write is acknowledged before its report) shows once the verdict's lifetime ends.
        store.Verdict = null;
        Assert.True(await check.Accepts(token, store.Factory));
        clock.Advance(TimeSpan.FromMilliseconds(2));
        Assert.False(await check.Accepts(token, store.Factory));
        Assert.Equal(2, store.Authentications);
    }

    [Fact]
    public async Task The_hub_reporting_a_change_of_the_user_voids_their_verdicts_at_once()
    {
        using var check = new StoreCallerCheck(lease, clock);
        var token = Token();
        var principal = new ClaimsPrincipal(new ClaimsIdentity(token.Claims, "test"));
        Assert.Null(await check.Check(principal, token, store.Factory));
        Assert.Equal("7", principal.FindFirst(CallerClaims.UserId)?.Value);

        // Reports about another user or another kind of read leave the verdict alone.
        store.Verdict = null;
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await lease.Changed(CachedRead.User, Guest.Id + 1);
        await lease.Changed(CachedRead.HousingOrg, Guest.Id);
        Assert.True(await check.Accepts(token, store.Factory));
        Assert.Equal(1, store.Authentications);

        // Signed out or deleted: the hub reaches this gateway's lease before the write is acknowledged.
        await lease.Changed(CachedRead.User, Guest.Id);
        Assert.False(await check.Accepts(token, store.Factory));
        Assert.Equal(2, store.Authentications);
    }

    [Fact]
    public async Task Without_the_lease_no_verdict_is_reused_and_one_from_before_a_lapse_never_again()
    {
        using var check = new StoreCallerCheck(lease, clock);
        var token = Token();
        Assert.True(await check.Accepts(token, store.Factory));
        Assert.Equal(1, store.Authentications);

        // The hub stops answering: the lease runs out (counted from before the last renewal was sent).
        store.HubAnswers = false;
        clock.Advance(IReadCacheHubGrain.Lease);
        Assert.False(lease.IsHeld);
        Assert.True(await check.Accepts(token, store.Factory));
        Assert.True(await check.Accepts(token, store.Factory));
        Assert.Equal(3, store.Authentications);

        // Renewed: changes may have gone unseen meanwhile, so the verdict fetched without the lease is not reused.
        store.HubAnswers = true;
        clock.Advance(ReadCacheLease.RenewEvery);
        Assert.True(SpinWait.SpinUntil(() => lease.IsHeld, TimeSpan.FromSeconds(10)), "the renewed lease was never held");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(await check.Accepts(token, store.Factory));
        Assert.Equal(4, store.Authentications);
        Assert.True(await check.Accepts(token, store.Factory));
        Assert.Equal(4, store.Authentications);
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
        private bool hubAnswers = true;

        public StoreGrains() => Factory = Fake<IGrainFactory>((method, _) => method.Name switch
        {
            nameof(IGrainFactory.GetGrain) when method.ReturnType == typeof(ISubjectGrain) => Fake<ISubjectGrain>((called, _) => called.Name == nameof(ISubjectGrain.Get)
                ? Task.FromResult<SubjectBinding?>(new SubjectBinding(Guest.Id, Guest.Email))
                : throw new NotSupportedException(called.Name)),
            nameof(IGrainFactory.GetGrain) when method.ReturnType == typeof(IUserGrain) => Fake<IUserGrain>((called, _) => called.Name == nameof(IUserGrain.Authenticate)
                ? Task.FromResult(Authenticate())
                : throw new NotSupportedException(called.Name)),
            nameof(IGrainFactory.GetGrain) when method.ReturnType == typeof(IReadCacheHubGrain) => Fake<IReadCacheHubGrain>((called, _) => called.Name == nameof(IReadCacheHubGrain.Subscribe)
                ? (HubAnswers ? Task.FromResult(HubActivation) : Task.FromException<Guid>(new TimeoutException("hub unreachable")))
                : throw new NotSupportedException(called.Name)),
            nameof(IGrainFactory.CreateObjectReference) => Fake<IReadCacheObserver>((called, _) => throw new NotSupportedException(called.Name)),
            _ => throw new NotSupportedException(method.Name),
        });

        public IGrainFactory Factory { get; }

        public UserView? Verdict { get; set; } = Guest;

        /// <summary>Whether the hub grants leases (read by the lease's renewals on another thread).</summary>
        public bool HubAnswers
        {
            get => Volatile.Read(ref hubAnswers);
            set => Volatile.Write(ref hubAnswers, value);
        }

        public Guid HubActivation { get; } = Guid.NewGuid();

        public int Authentications { get; private set; }

        private UserView? Authenticate()
        {
            Authentications++;
            return Verdict;
        }
    }
}
