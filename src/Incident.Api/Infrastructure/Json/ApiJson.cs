using System.Text.Json;

namespace Incident.Api.Infrastructure.Json;

/// <summary>The one JSON shape of the API, also used for what is stored as JSON (event data, replayed responses).</summary>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new UtcDateTimeOffsetConverter());
        return options;
    }
}
