using Orleans.Storage;

namespace HomeUniteUs.Grains.Storage;

/// <summary>
/// Reads stored states of one state name straight from Orleans' grain storage table, deserialized by the storage
/// provider's own serializer (<paramref name="serializer"/>: the silo passes the one its ADO.NET provider was
/// configured with) and run through <see cref="DatabasePools"/> (one retry after an outage, then the domain's 503).
/// Only what has no table of our own uses it: the start-up backfill of those tables and the recovery sweeps, the
/// housing org registry and a coordinator's caseload. It is never on a per-request path; the dashboard reads
/// <see cref="Workflow.DashboardSources"/>.
/// </summary>
public sealed class GrainStateReader(NpgsqlDataSource dataSource, DatabasePools pools, IGrainStorageSerializer serializer)
{
    /// <summary>
    /// The rows of one state name in this service, by the expression of <c>IX_OrleansStorage_StateName</c> (migration 0009):
    /// an index Orleans' own one-grain read cannot pick instead of its unique index.
    /// </summary>
    private const string OfState = "serviceid || '/' || graintypestring = @state";

    private static void AddState(NpgsqlCommand command, string stateName) =>
        command.Parameters.AddWithValue("state", $"{HomeUniteUs.Configuration.HuuSettings.ServiceId}/{stateName}");

    public Task<List<T>> ReadAll<T>(string stateName) => pools.Run(async () =>
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT payloadbinary FROM orleansstorage WHERE {OfState} AND payloadbinary IS NOT NULL");
        AddState(command, stateName);
        return await Read<T>(command);
    }, repeatable: true);

    /// <summary>The stored states of one state name whose top-level JSON <paramref name="property"/> has the text <paramref name="value"/>.</summary>
    public Task<List<T>> ReadWhere<T>(string stateName, string property, string value) => pools.Run(async () =>
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT payloadbinary FROM orleansstorage WHERE {OfState} AND payloadjson ->> @property = @value");
        AddState(command, stateName);
        command.Parameters.AddWithValue("property", property);
        command.Parameters.AddWithValue("value", value);
        return await Read<T>(command);
    }, repeatable: true);

    /// <summary>The stored states of one state name whose top-level JSON <paramref name="property"/> is present and not null.</summary>
    public Task<List<T>> ReadWhereSet<T>(string stateName, string property) => pools.Run(async () =>
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT payloadbinary FROM orleansstorage WHERE {OfState} AND jsonb_typeof(payloadjson -> @property) <> 'null'");
        AddState(command, stateName);
        command.Parameters.AddWithValue("property", property);
        return await Read<T>(command);
    }, repeatable: true);

    /// <summary>
    /// Only the named top-level properties of every stored state of one state name (from the jsonb copy),
    /// for projections that need a few small fields of large states.
    /// </summary>
    public Task<List<T>> ReadFields<T>(string stateName, params string[] properties) => pools.Run(async () =>
    {
        var pairs = string.Join(", ", properties.Select((_, i) => $"@p{i}::text, payloadjson -> @p{i}::text"));
        await using var command = dataSource.CreateCommand(
            $"SELECT convert_to(jsonb_build_object({pairs})::text, 'UTF8') FROM orleansstorage WHERE {OfState} AND payloadjson IS NOT NULL");
        AddState(command, stateName);
        for (var i = 0; i < properties.Length; i++)
        {
            command.Parameters.AddWithValue($"p{i}", properties[i]);
        }

        return await Read<T>(command);
    }, repeatable: true);

    private async Task<List<T>> Read<T>(NpgsqlCommand command)
    {
        var states = new List<T>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var state = serializer.Deserialize<T>(new BinaryData((byte[])reader[0]));
            if (state is not null)
            {
                states.Add(state);
            }
        }

        return states;
    }
}
