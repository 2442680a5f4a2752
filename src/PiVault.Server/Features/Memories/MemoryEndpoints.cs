using PiVault.Server.Features.Auth;
using PiVault.Server.Features.Settings;

namespace PiVault.Server.Features.Memories;

/// <summary>PiVault's memories API (<c>/api/v1/memories</c>) over <see cref="MemoryService"/>.</summary>
public static class MemoryEndpoints
{
    public static RouteGroupBuilder MapMemories(this RouteGroupBuilder api)
    {
        var memories = api.MapGroup("/memories");
        // "N years ago" counts from the household's year (as the memories' "today").
        static int ThisYear(SettingsService settings, TimeProvider time) => TimeZoneInfo.ConvertTime(time.GetUtcNow(), settings.HouseholdZone()).Year;
        // Without ?all=true: the memories shown now (today's, in the household's time zone), with at least one photo to show.
        memories.MapGet("/", (bool? all, HttpContext http, MemoryService service, SettingsService settings, TimeProvider time) =>
            TypedResults.Ok(service.Search(http.GetCaller(), new MemoryQuery(all == true ? null : time.GetUtcNow()))
                .Where(m => all == true || m.AssetIds.Count > 0).Select(m => MemoryDto.From(m, ThisYear(settings, time))).ToList()))
            .RequirePermission(Permission.MemoryRead);
        memories.MapGet("/{id}", (string id, HttpContext http, MemoryService service, SettingsService settings, TimeProvider time) =>
            TypedResults.Ok(MemoryDto.From(service.Get(http.GetCaller(), id), ThisYear(settings, time)))).RequirePermission(Permission.MemoryRead);
        memories.MapPut("/{id}", (string id, UpdateMemoryRequest r, HttpContext http, MemoryService service, SettingsService settings, TimeProvider time) =>
            TypedResults.Ok(MemoryDto.From(service.Update(http.GetCaller(), id, new MemoryEdit(r.IsSaved, null, r.SeenAt)), ThisYear(settings, time))))
            .RequirePermission(Permission.MemoryUpdate);
        memories.MapDelete("/{id}", (string id, HttpContext http, MemoryService service) =>
        {
            service.Delete(http.GetCaller(), id);
            return TypedResults.NoContent();
        }).RequirePermission(Permission.MemoryDelete);
        // On demand: an admin builds today's memories for everyone, anyone else for themselves (each day once per user).
        memories.MapPost("/build", (HttpContext http, MemoryService service) =>
            TypedResults.Ok(new BuildMemoriesResultDto(service.BuildToday(http.GetCaller())))).RequirePermission(Permission.MemoryCreate);
        return api;
    }
}
