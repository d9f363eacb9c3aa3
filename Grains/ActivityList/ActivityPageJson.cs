using System.Buffers;

namespace HomeUniteUs.Grains.ActivityList;

/// <summary>
/// The body of GET /api/coordinator/activity written once, in the silo, from the rows it read: the gateway sends these
/// bytes as they are, so a page's events are neither copied into messages nor re-parsed there. The shape is API.md's
/// (the gateway's <c>ActivityEventDto</c>, which the live stream writes; <c>ActivityPageJsonTests</c> holds the two
/// equal); <c>details</c> is the stored jsonb's text, valid JSON by construction, written through unparsed.
/// </summary>
public static class ActivityPageJson
{
    private static readonly JsonEncodedText Events = JsonEncodedText.Encode("events");
    private static readonly JsonEncodedText Next = JsonEncodedText.Encode("next");
    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText At = JsonEncodedText.Encode("at");
    private static readonly JsonEncodedText UserId = JsonEncodedText.Encode("userId");
    private static readonly JsonEncodedText UserName = JsonEncodedText.Encode("userName");
    private static readonly JsonEncodedText ActorId = JsonEncodedText.Encode("actorId");
    private static readonly JsonEncodedText HousingOrgId = JsonEncodedText.Encode("housingOrgId");
    private static readonly JsonEncodedText Details = JsonEncodedText.Encode("details");

    /// <summary><c>{"events": [Event, …], "next": …}</c> as UTF-8.</summary>
    public static byte[] Write(ActivityPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var buffer = new ArrayBufferWriter<byte>(64 + (256 * page.Events.Count));
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray(Events);
            foreach (var activity in page.Events)
            {
                WriteEvent(json, activity);
            }

            json.WriteEndArray();
            json.WriteNumber(Next, page.Next);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteEvent(Utf8JsonWriter json, ActivityEvent activity)
    {
        json.WriteStartObject();
        json.WriteNumber(Id, activity.Id);
        json.WriteString(Type, activity.Type);
        json.WriteString(At, UtcTimestamp.Format(activity.At));
        json.WriteNumber(UserId, activity.UserId);
        json.WriteString(UserName, activity.UserName);
        WriteNumberOrNull(json, ActorId, activity.ActorId);
        WriteNumberOrNull(json, HousingOrgId, activity.HousingOrgId);
        json.WritePropertyName(Details);
        json.WriteRawValue(activity.DetailsJson, skipInputValidation: true);
        json.WriteEndObject();
    }

    private static void WriteNumberOrNull(Utf8JsonWriter json, JsonEncodedText name, long? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
