using HomeUniteUs.Grains.Interfaces.Idempotency;
using Npgsql;

namespace HomeUniteUs.Tests.TestCluster.Idempotency;

/// <summary>The claim rules of Idempotency-Key against the real table, on the two-silo test cluster.</summary>
[Collection(GrainClusterCollection.Name)]
public sealed class IdempotencyKeysGrainTests(GrainCluster cluster)
{
    private static readonly StoredAnswer Created = new(201, "application/json", "/api/housing-orgs/7", """{"housing_org_id":7}"""u8.ToArray());

    private IIdempotencyKeysGrain Store => cluster.Grains.GetGrain<IIdempotencyKeysGrain>(0);

    private static string NewKey() => Guid.NewGuid().ToString("N");

    private async Task<IdempotencyClaim> Claim(string caller, string key, string hash) =>
        (await Store.Exchange([], [new IdempotencyKeyRequest(caller, key, hash)])).Single();

    private Task<IdempotencyClaim[]> Complete(string caller, string key, string hash, StoredAnswer answer) =>
        Store.Exchange([new IdempotencySettlement(new IdempotencyKeyRequest(caller, key, hash), answer)], []);

    private Task<IdempotencyClaim[]> Release(string caller, string key, string hash) =>
        Store.Exchange([new IdempotencySettlement(new IdempotencyKeyRequest(caller, key, hash), null)], []);

    [Fact]
    public async Task A_key_is_claimed_once_then_in_progress_then_replays_its_stored_answer()
    {
        var key = NewKey();
        Assert.Equal(IdempotencyClaimOutcome.Claimed, (await Claim("user:1", key, "hash-a")).Outcome);
        Assert.Equal(IdempotencyClaimOutcome.InProgress, (await Claim("user:1", key, "hash-a")).Outcome);

        await Complete("user:1", key, "hash-a", Created);

        var replay = await Claim("user:1", key, "hash-a");
        Assert.Equal(IdempotencyClaimOutcome.Replay, replay.Outcome);
        Assert.Equal((201, "application/json", "/api/housing-orgs/7"), (replay.Answer!.Status, replay.Answer.ContentType, replay.Answer.Location));
        Assert.Equal(Created.Body, replay.Answer.Body);
    }

    [Fact]
    public async Task The_same_key_with_another_request_is_reused_and_keys_are_per_caller()
    {
        var key = NewKey();
        Assert.Equal(IdempotencyClaimOutcome.Claimed, (await Claim("user:1", key, "hash-a")).Outcome);
        Assert.Equal(IdempotencyClaimOutcome.Reused, (await Claim("user:1", key, "hash-b")).Outcome);
        await Complete("user:1", key, "hash-a", Created);
        Assert.Equal(IdempotencyClaimOutcome.Reused, (await Claim("user:1", key, "hash-b")).Outcome);

        Assert.Equal(IdempotencyClaimOutcome.Claimed, (await Claim("user:2", key, "hash-b")).Outcome);
    }

    [Fact]
    public async Task A_released_key_runs_again_and_a_completed_key_cannot_be_released()
    {
        var key = NewKey();
        await Claim("user:1", key, "hash-a");
        await Release("user:1", key, "hash-a");
        Assert.Equal(IdempotencyClaimOutcome.Claimed, (await Claim("user:1", key, "hash-a")).Outcome);

        await Complete("user:1", key, "hash-a", Created);
        await Release("user:1", key, "hash-a");
        Assert.Equal(IdempotencyClaimOutcome.Replay, (await Claim("user:1", key, "hash-a")).Outcome);
    }

    [Fact]
    public async Task An_abandoned_claim_is_taken_over_by_the_same_request_only()
    {
        var key = NewKey();
        await Claim("user:1", key, "hash-a");
        await Age("user:1", key, IdempotencyKeys.AbandonedAfter + TimeSpan.FromSeconds(1));

        Assert.Equal(IdempotencyClaimOutcome.Reused, (await Claim("user:1", key, "hash-b")).Outcome);
        Assert.Equal(IdempotencyClaimOutcome.Claimed, (await Claim("user:1", key, "hash-a")).Outcome);
        Assert.Equal(IdempotencyClaimOutcome.InProgress, (await Claim("user:1", key, "hash-a")).Outcome);
    }

    [Fact]
    public async Task A_key_older_than_the_retention_is_a_new_key_and_the_sweep_deletes_it()
    {
        var expired = NewKey();
        var kept = NewKey();
        await Claim("user:1", expired, "hash-a");
        await Complete("user:1", expired, "hash-a", Created);
        await Claim("user:1", kept, "hash-a");
        await Complete("user:1", kept, "hash-a", Created);
        await Age("user:1", expired, IdempotencyKeys.Retention + TimeSpan.FromMinutes(1));

        Assert.True(await Store.SweepExpired() >= 1);
        Assert.Equal(0, await Rows("user:1", expired));
        Assert.Equal(1, await Rows("user:1", kept));
        Assert.Equal(IdempotencyClaimOutcome.Claimed, (await Claim("user:1", expired, "hash-b")).Outcome);
    }

    [Fact]
    public async Task Concurrent_claims_of_one_key_on_both_silos_claim_it_exactly_once()
    {
        var key = NewKey();
        var claims = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Claim("user:1", key, "hash-a")));
        Assert.Single(claims, claim => claim.Outcome == IdempotencyClaimOutcome.Claimed);
        Assert.All(claims.Where(claim => claim.Outcome != IdempotencyClaimOutcome.Claimed), claim => Assert.Equal(IdempotencyClaimOutcome.InProgress, claim.Outcome));
    }

    [Fact]
    public async Task A_batch_answers_each_claim_in_its_own_place_and_claims_a_key_given_twice_once()
    {
        // Keys chosen so that the batch's lock order, (caller, key), differs from the order they are given in.
        var (done, fresh, other) = ("c" + NewKey(), "b" + NewKey(), "a" + NewKey());
        await Claim("user:1", done, "hash-a");
        await Complete("user:1", done, "hash-a", Created);
        await Claim("user:1", other, "hash-a");

        var answers = await Store.Exchange([], [
            new IdempotencyKeyRequest("user:1", done, "hash-a"),
            new IdempotencyKeyRequest("user:1", fresh, "hash-a"),
            new IdempotencyKeyRequest("user:1", other, "hash-b"),
            new IdempotencyKeyRequest("user:1", fresh, "hash-a"),
            new IdempotencyKeyRequest("user:0", done, "hash-a"),
        ]);

        Assert.Equal(
            [IdempotencyClaimOutcome.Replay, IdempotencyClaimOutcome.Claimed, IdempotencyClaimOutcome.Reused, IdempotencyClaimOutcome.InProgress, IdempotencyClaimOutcome.Claimed],
            answers.Select(answer => answer.Outcome));
        Assert.Equal(Created.Body, answers[0].Answer!.Body);
        Assert.Equal(Created.Location, answers[0].Answer!.Location);
    }

    [Fact]
    public async Task One_call_stores_one_answer_gives_another_claim_up_and_its_claims_see_both()
    {
        // In lock order: released's settlement and claim, fresh's claim, kept's settlement and claim.
        var (released, fresh, kept) = ("a" + NewKey(), "b" + NewKey(), "c" + NewKey());
        await Store.Exchange([], [new IdempotencyKeyRequest("user:1", kept, "hash-a"), new IdempotencyKeyRequest("user:1", released, "hash-a")]);

        // The settlements come first, whatever the order the call lists them in: the claims in the same call see them.
        var answers = await Store.Exchange(
            [
                new IdempotencySettlement(new IdempotencyKeyRequest("user:1", kept, "hash-a"), Created),
                new IdempotencySettlement(new IdempotencyKeyRequest("user:1", released, "hash-a"), null),
            ],
            [
                new IdempotencyKeyRequest("user:1", fresh, "hash-a"),
                new IdempotencyKeyRequest("user:1", released, "hash-a"),
                new IdempotencyKeyRequest("user:1", kept, "hash-a"),
            ]);

        Assert.Equal([IdempotencyClaimOutcome.Claimed, IdempotencyClaimOutcome.Claimed, IdempotencyClaimOutcome.Replay], answers.Select(answer => answer.Outcome));
        Assert.Equal(Created.Body, answers[2].Answer!.Body);
        var replay = await Claim("user:1", kept, "hash-a");
        Assert.Equal(IdempotencyClaimOutcome.Replay, replay.Outcome);
        Assert.Equal(Created.Body, replay.Answer!.Body);
    }

    [Fact]
    public async Task Racing_batches_of_the_same_keys_in_opposite_orders_claim_each_key_exactly_once()
    {
        for (var round = 0; round < 10; round++)
        {
            var keys = Enumerable.Range(0, 12).Select(_ => new IdempotencyKeyRequest("user:1", NewKey(), "hash-a")).ToArray();
            var batches = await Task.WhenAll(Enumerable.Range(0, 6).Select(racer =>
                Store.Exchange([], racer % 2 == 0 ? keys : [.. keys.Reverse()])));

            for (var index = 0; index < keys.Length; index++)
            {
                var mirrored = keys.Length - 1 - index;
                var outcomes = batches.Select((batch, racer) => batch[racer % 2 == 0 ? index : mirrored].Outcome).ToList();
                Assert.Single(outcomes, outcome => outcome == IdempotencyClaimOutcome.Claimed);
                Assert.All(outcomes.Where(outcome => outcome != IdempotencyClaimOutcome.Claimed), outcome => Assert.Equal(IdempotencyClaimOutcome.InProgress, outcome));
            }
        }
    }

    /// <summary>Moves a key's claim into the past (the table's clock is PostgreSQL's now()).</summary>
    private async Task Age(string caller, string key, TimeSpan by)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("UPDATE huu_idempotency_keys SET claimed_at = claimed_at - @by WHERE caller = @caller AND key = @key", connection);
        command.Parameters.AddWithValue("by", by);
        command.Parameters.AddWithValue("caller", caller);
        command.Parameters.AddWithValue("key", key);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    private async Task<long> Rows(string caller, string key)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM huu_idempotency_keys WHERE caller = @caller AND key = @key", connection);
        command.Parameters.AddWithValue("caller", caller);
        command.Parameters.AddWithValue("key", key);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
