using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace RaftSdk.Generators.Common;

/// <summary>A <see cref="Location"/> as plain data: models must not hold syntax trees.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan TextSpan, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, TextSpan, LineSpan);

    public static LocationInfo? From(Location? location)
    {
        if (location is null || location.SourceTree is null)
        {
            return null;
        }

        return new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
    }

    public static LocationInfo? From(ISymbol symbol) => From(symbol.Locations.Length > 0 ? symbol.Locations[0] : null);
}
