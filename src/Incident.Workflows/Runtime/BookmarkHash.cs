using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Incident.Workflows.Runtime;

/// The stored hash of a bookmark's name and payload: resuming by (name, correlation, payload) is one index lookup.
internal static class BookmarkHash
{
    public static string Compute(string name, JsonNode? payload)
    {
        var text = payload is null ? name : name + "\n" + payload.ToJsonString();
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
