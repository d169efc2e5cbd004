using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection.Metadata;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Xunit;

namespace RaftSdk.Package.Tests;

/// <summary>Reads what a .nupkg or .snupkg holds: its entries, its .nuspec, its icon, the Source Link of its .pdb files.</summary>
internal static class PackageFiles
{
    private static readonly Guid SourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");
    private static readonly Guid EmbeddedSourceKind = new("0E8A571B-6926-466E-B4AD-8AB04611F5FE");

    public static string[] Entries(string package)
    {
        using ZipArchive zip = ZipFile.OpenRead(package);
        return zip.Entries.Select(e => e.FullName).OrderBy(e => e, StringComparer.Ordinal).ToArray();
    }

    public static XDocument Nuspec(string package, string name)
    {
        using ZipArchive zip = ZipFile.OpenRead(package);
        using Stream stream = zip.GetEntry(name)!.Open();
        return XDocument.Load(stream);
    }

    /// <summary>The nuspec's metadata element.</summary>
    public static XElement Metadata(string package, string nuspec) => Nuspec(package, nuspec).Descendants().Single(e => e.Name.LocalName == "metadata");

    public static void AssertPng(string package, string entry)
    {
        using ZipArchive zip = ZipFile.OpenRead(package);
        using Stream stream = zip.GetEntry(entry)!.Open();
        byte[] signature = new byte[8];
        stream.ReadExactly(signature);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, signature);
    }

    /// <summary>
    /// Every .pdb of a symbols package maps its sources to the repository at a commit and embeds
    /// the files git does not track; returns how many .pdb files there are.
    /// </summary>
    public static int AssertSourceLinked(string symbolsPackage)
    {
        using ZipArchive zip = ZipFile.OpenRead(symbolsPackage);
        ZipArchiveEntry[] pdbs = zip.Entries.Where(e => e.FullName.EndsWith(".pdb", StringComparison.Ordinal)).ToArray();
        foreach (ZipArchiveEntry entry in pdbs)
        {
            using var copy = new MemoryStream();
            using (Stream stream = entry.Open())
            {
                stream.CopyTo(copy);
            }

            copy.Position = 0;
            using MetadataReaderProvider provider = MetadataReaderProvider.FromPortablePdbStream(copy);
            MetadataReader pdb = provider.GetMetadataReader();

            // One mapping: every source path of the build to the raw files of the commit it was built from.
            using JsonDocument sourceLink = JsonDocument.Parse(CustomDebugInformation(pdb, SourceLinkKind).Single());
            JsonProperty mapping = Assert.Single(sourceLink.RootElement.GetProperty("documents").EnumerateObject());
            Assert.EndsWith("*", mapping.Name, StringComparison.Ordinal);
            Assert.Matches("^https://raw\\.githubusercontent\\.com/raftsdk/RaftSdk/[0-9a-f]{40}/\\*$", mapping.Value.GetString());

            // Generated, untracked sources (the assembly attributes) are in the .pdb itself.
            string[] embedded = pdb.CustomDebugInformation
                .Select(pdb.GetCustomDebugInformation)
                .Where(c => pdb.GetGuid(c.Kind) == EmbeddedSourceKind && c.Parent.Kind == HandleKind.Document)
                .Select(c => pdb.GetString(pdb.GetDocument((DocumentHandle)c.Parent).Name))
                .ToArray();
            Assert.Contains(embedded, d => d.EndsWith(".AssemblyInfo.cs", StringComparison.Ordinal));
        }

        return pdbs.Length;
    }

    private static IEnumerable<string> CustomDebugInformation(MetadataReader pdb, Guid kind) =>
        pdb.CustomDebugInformation
            .Select(pdb.GetCustomDebugInformation)
            .Where(c => pdb.GetGuid(c.Kind) == kind)
            .Select(c => Encoding.UTF8.GetString(pdb.GetBlobBytes(c.Value)));
}
