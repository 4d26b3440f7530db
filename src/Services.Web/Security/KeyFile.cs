using System.Security.Cryptography;

namespace Services.Web.Security;

/// <summary>A secret generated once into a file readable by its owner only, for the local run when no key is configured.</summary>
internal static class KeyFile
{
    public static byte[] ReadOrCreate(string path, ILogger logger)
    {
        if (!File.Exists(path))
        {
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
                var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                using (var file = new FileStream(path, create))
                using (var writer = new StreamWriter(file))
                {
                    writer.Write(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
                }

                logger.LogWarning("Generated a key at {Path}; configure one from a secret store in production", path);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process on this machine created it first: use theirs.
            }
        }

        return Convert.FromBase64String(File.ReadAllText(path).Trim());
    }
}
