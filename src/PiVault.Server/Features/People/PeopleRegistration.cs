namespace PiVault.Server.Features.People;

public static class PeopleRegistration
{
    /// <summary>People: the face index, the clustering step, its nightly pass, and the person rules behind both APIs.</summary>
    public static IServiceCollection AddPeople(this IServiceCollection services)
    {
        services.AddSingleton<PersonStore>();
        services.AddSingleton<FaceStore>();
        services.AddSingleton(new FaceIndex());
        services.AddSingleton<FaceClustering>();
        services.AddSingleton<PeopleJob>();
        services.AddSingleton<PeopleUpkeep>();
        services.AddSingleton<PeopleService>();
        services.AddSingleton<PersonThumbnail>();
        services.AddSingleton<PeopleChanges>();
        services.AddHostedService<PeopleNightly>();
        return services;
    }
}
