using PiVault.Server.Configuration;
using PiVault.Server.Data;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.Takeout;
using PiVault.Server.Features.Users;
using PiVault.Server.Hosting;

namespace PiVault.Server.Cli;

/// <summary>
/// <c>pivault import takeout PATH... --user EMAIL</c>: a Google Takeout import (docs/takeout.md) run in this process, for
/// the data folder of a stopped server: the archive parts (or folders holding them) at PATH go into the user's library
/// through the same import as the web's. Ctrl+C stops it; running the command again resumes it. The thumbnails and the
/// rest of the pipeline run when the server starts. Exit 0 when done, 1 when it failed, 2 without a database or user, 64
/// for a bad command line.
/// </summary>
public static class ImportCommand
{
    public static async Task<int> RunAsync(PiVaultOptions options, CommandLine commandLine, TextWriter output, TextWriter error)
    {
        if (commandLine.Words is not ["import", "takeout", _, ..] || !commandLine.Flags.TryGetValue("user", out var email))
        {
            throw new CommandLineException("usage: pivault import takeout PATH... --user EMAIL");
        }
        if (!File.Exists(options.DatabasePath))
        {
            error.WriteLine($"pivault: no database at {options.DatabasePath}: is --data-dir right?");
            return 2;
        }
        await using var app = ServerApp.Build(options);
        app.Services.GetRequiredService<Database>().Initialize();
        var database = app.Services.GetRequiredService<Database>();
        UserRecord? user;
        using (var db = database.Open())
        {
            user = app.Services.GetRequiredService<UserStore>().FindByEmail(db, email);
        }
        if (user is null)
        {
            error.WriteLine($"pivault: no user with the email {email}.");
            return 2;
        }
        // The command line runs with the machine's own rights: paths are allowed as for an admin.
        var caller = new Caller(user.Id, user.Email, user.Name, IsAdmin: true, CredentialKind.Session, "cli", new HashSet<string>(StringComparer.Ordinal));
        var service = app.Services.GetRequiredService<TakeoutService>();
        var import = service.Resumable(caller) ?? service.Create(caller, new CreateImportRequest(commandLine.Words.Skip(2).ToList(), null));
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        var importer = app.Services.GetRequiredService<TakeoutImporter>();
        var count = 0;
        importer.EntryDone += (_, _) =>
        {
            if (++count % 100 == 0)
            {
                output.WriteLine($"{count} files done");
            }
        };
        try
        {
            await importer.RunAsync(import.Id, stop.Token);
        }
        catch (TakeoutArchiveException e)
        {
            error.WriteLine($"pivault: the import failed: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            output.WriteLine($"stopped after {count} files; run the same command again to go on (import {import.Id})");
            return 1;
        }
        var done = service.Get(caller, import.Id);
        output.WriteLine($"import {done.Id}: {done.Imported} imported, {done.Merged} already in PiVault, {done.Skipped} skipped ({done.DoneFiles} files, {done.DoneBytes} bytes)");
        return 0;
    }
}
