using System.Security.Claims;

namespace Incident.Api.Infrastructure.Auth;

public static class ViewerExtensions
{
    public static Viewer Viewer(this ClaimsPrincipal principal) => Auth.Viewer.From(principal);
}
