using System.Security.Cryptography;
using Incident.Api.Features.Auth;
using Incident.Api.Features.Board;
using Incident.Api.Features.Governance;
using Incident.Api.Features.Handoffs;
using Incident.Api.Features.Health;
using Incident.Api.Features.Incidents;
using Incident.Api.Features.Live;
using Incident.Api.Features.Reference;
using Incident.Api.Features.Signals;
using Incident.Api.Features.People;
using Incident.Api.Features.Reports;
using Incident.Api.Features.StatusUpdates;
using Incident.Api.Features.Samples;
using Incident.Api.Features.Assessment;
using Incident.Api.Features.Timeline;
using Incident.Api.Features.Users;
using Incident.Api.Features.Workflows;
using Incident.Api.Infrastructure.Auth;
using Incident.Api.Infrastructure.Database;
using Incident.Api.Infrastructure.Errors;
using Incident.Api.Infrastructure.Hosting;
using Incident.Api.Infrastructure.Idempotency;
using Incident.Api.Infrastructure.Json;
using Incident.Api.Infrastructure.Limits;
using Incident.Api.Infrastructure.Mediation;
using Incident.Api.Infrastructure.OpenApi;
using Incident.Api.Infrastructure.Security;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Logging.Console;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.IdentityModel.Tokens;


namespace Incident.Api;

/// <summary>Composition root, shared by Program, the tests (real Kestrel on a free port) and the benchmarks.</summary>
public static class IncidentApp
{
    public const string DefaultUrl = "http://localhost:5080";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        // Issue 11: one section holds every input limit (README "Input limits", ADR-0016).
        var limits = builder.Configuration.GetSection(InputLimits.Section).Get<InputLimits>() ?? new InputLimits();
        builder.Services.AddOptions<InputLimits>().BindConfiguration(InputLimits.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = limits.MaxRequestBodyBytes);

        var options = builder.Configuration.GetSection(IncidentOptions.Section).Get<IncidentOptions>() ?? new IncidentOptions();
        AddConsoleLogging(builder, options);
        var dataDirectory = options.ResolveDataDirectory(builder.Environment.ContentRootPath);
        builder.Services.Configure<IncidentOptions>(builder.Configuration.GetSection(IncidentOptions.Section));
        AddDatabase(builder.Services, options, dataDirectory);
        AddAuth(builder, options, dataDirectory);

        // PinnableClock: the system clock, pinned only while the embedded demo builds its governance example.
        builder.Services.AddSingleton<TimeProvider>(new PinnableClock(TimeProvider.System));
        builder.Services.AddSingleton<LiveEvents>();
        builder.Services.AddSingleton<ReferenceData>();
        builder.Services.AddSingleton<MigrationRunner>();
        builder.Services.AddScoped<EventStore>();
        builder.Services.AddScoped<IncidentStore>();
        builder.Services.AddScoped<IncidentVisibility>();
        builder.Services.AddScoped<HandoffStore>();
        builder.Services.AddScoped<HandoffAnswering>();
        builder.Services.AddScoped<UserStore>();
        builder.Services.AddScoped<IdempotencyStore>();
        builder.Services.AddUseCases(typeof(IncidentApp).Assembly);
        builder.Services.AddWorkflowsFeature();
        builder.Services.AddLiveFeature();
        builder.Services.AddSignalsFeature();
        builder.Services.AddReportsFeature();
        builder.Services.AddSamplesFeature();
        builder.Services.AddAssessmentFeature();
        builder.Services.AddGovernanceFeature();
        builder.Services.AddPeopleFeature();
        builder.Services.AddStatusUpdatesFeature();

        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemDetailsExceptionHandler.Customize);
        builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.Configure<FormOptions>(o => o.MultipartBodyLengthLimit = limits.MaxRequestBodyBytes);
        builder.Services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions, limits.MaxDepth));
        builder.Services.AddApiDocument();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        RateLimits.Add(builder.Services, builder.Configuration.GetSection(RateLimits.Section).Get<RateLimits>() ?? new RateLimits());

        // Last, so tests and benchmarks can replace any registration (the clock, above all).
        configure?.Invoke(builder);
        var app = builder.Build();
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapApiDocument();
        app.MapHealth();
        app.MapLive();
        var api = app.MapGroup("").WithCommonProblems();
        api.MapAuth();
        api.MapUsers();
        api.MapReference();
        api.MapIncidents();
        api.MapHandoffs();
        api.MapEvents();
        api.MapBoard();
        api.MapWorkflows();
        api.MapSignals();
        api.MapReports();
        api.MapSamples();
        api.MapAssessment();
        api.MapGovernance();
        api.MapPeople();
        api.MapStatusUpdates();
        return app;
    }

    /// <summary>Migrations, reference data and first users; call before <c>Run</c>/<c>Start</c>.</summary>
    public static Task PrepareAsync(this WebApplication app, CancellationToken ct = default) =>
        StartupTasks.RunAsync(app.Services, ct);

    /// <summary>
    /// Console logs people can read where people run it (the embedded default, Development): one line an entry, no
    /// per-request lines (ASP.NET Core's request start/finish are Warning and up). JSON lines on a server deployment,
    /// for a log collector. Both are configuration: Logging:Console:FormatterName (simple|json|systemd) and
    /// Logging:LogLevel:Microsoft.AspNetCore.
    /// </summary>
    private static void AddConsoleLogging(WebApplicationBuilder builder, IncidentOptions options)
    {
        var format = builder.Configuration["Logging:Console:FormatterName"]
            ?? (options.IsEmbeddedDefault || builder.Environment.IsDevelopment() ? ConsoleFormatterNames.Simple : ConsoleFormatterNames.Json);
        if (builder.Configuration["Logging:LogLevel:Microsoft.AspNetCore"] is null)
        {
            builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        }

        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
            o.UseUtcTimestamp = true;
        });
        builder.Logging.AddJsonConsole(o => o.UseUtcTimestamp = true);
        builder.Logging.AddConsole(o => o.FormatterName = format);
    }

    private static void AddDatabase(IServiceCollection services, IncidentOptions options, string dataDirectory)
    {
        DapperSetup.Configure();
        var connectionString = options.Database.ConnectionString;
        if (options.IsEmbeddedDefault)
        {
            Directory.CreateDirectory(dataDirectory);
            options.Database.Provider = DatabaseProvider.Sqlite;
            connectionString = $"Data Source={Path.Combine(dataDirectory, "incident.db")};Pooling=True;Default Timeout=30";
        }

        services.AddSingleton(SqlDialect.For(options.Database.Provider, connectionString!));
        services.AddScoped<DbSession>();
    }

    private static void AddAuth(WebApplicationBuilder builder, IncidentOptions options, string dataDirectory)
    {
        var section = builder.Configuration.GetSection($"{IncidentOptions.Section}:Auth");
        var auth = section.Get<AuthOptions>() ?? new AuthOptions();
        if (string.IsNullOrWhiteSpace(auth.SigningKey))
        {
            if (!options.SeedsDemoData)
            {
                throw new InvalidOperationException(
                    "Set Incident__Auth__SigningKey (at least 32 characters, the same on every node) to run against a configured database.");
            }

            auth.SigningKey = LocalSigningKey(dataDirectory);
        }

        if (auth.SigningKey.Length < 32)
        {
            throw new InvalidOperationException("Incident:Auth:SigningKey must be at least 32 characters.");
        }

        builder.Services.Configure<AuthOptions>(o =>
        {
            o.SigningKey = auth.SigningKey;
            o.TokenLifetimeMinutes = auth.TokenLifetimeMinutes;
        });
        builder.Services.AddSingleton<TokenIssuer>();
        builder.Services.AddSingleton<AccountStatus>();
        builder.Services.AddAuthorization();
        builder.Services
            .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(o =>
            {
                o.MapInboundClaims = false;
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = AuthOptions.Issuer,
                    ValidAudience = AuthOptions.Audience,
                    IssuerSigningKey = auth.Key(),
                    NameClaimType = IncidentClaims.Username,
                    RoleClaimType = IncidentClaims.Role,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
                o.Events = new JwtBearerEvents
                {
                    // Browsers cannot set headers on WebSocket requests: the hub takes ?access_token=.
                    OnMessageReceived = context =>
                    {
                        if (context.HttpContext.Request.Path.StartsWithSegments("/hubs")
                            && context.Request.Query["access_token"] is { Count: 1 } token)
                        {
                            context.Token = token[0];
                        }

                        return Task.CompletedTask;
                    },
                    OnTokenValidated = async context =>
                    {
                        var viewer = Viewer.From(context.Principal!);
                        var status = context.HttpContext.RequestServices.GetRequiredService<AccountStatus>();
                        if (await status.StampAsync(viewer.Username, context.HttpContext.RequestAborted)
                            != AccountStatus.Stamp(viewer.Roles, viewer.Department))
                        {
                            context.Fail("The account was disabled or its roles or department changed; sign in again.");
                        }
                    },
                };
            });

        // Lifetimes are checked against the same injected clock that issued them.
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<TimeProvider>((o, clock) =>
            o.TokenValidationParameters.LifetimeValidator = (notBefore, expires, _, parameters) =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                return (notBefore is null || notBefore <= now + parameters.ClockSkew)
                    && (expires is null || expires >= now - parameters.ClockSkew);
            });
    }

    /// <summary>Embedded default only: a random key kept beside the database, never in the repository.</summary>
    private static string LocalSigningKey(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, "signing.key");
        if (!File.Exists(path))
        {
            File.WriteAllText(path, Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)));
        }

        return File.ReadAllText(path).Trim();
    }
}
