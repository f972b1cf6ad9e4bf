namespace CreditFunctions.LocalHost.LocalDev;

/// <summary>Finds the clone's root (the folder with package.json and CreditFunctions.sln) from the working or binary folder.</summary>
internal static class RepositoryRoot
{
    public static string? Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "package.json")) && File.Exists(Path.Combine(dir.FullName, "CreditFunctions.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }
}
