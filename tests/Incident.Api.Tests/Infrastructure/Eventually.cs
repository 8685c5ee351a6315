namespace Incident.Api.Tests.Infrastructure;

/// <summary>STYLE.md: async effects are asserted by polling with a timeout, never a fixed delay.</summary>
public static class Eventually
{
    public static async Task True(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"Timed out waiting for {what}.");
            }

            await Task.Delay(20);
        }
    }
}
