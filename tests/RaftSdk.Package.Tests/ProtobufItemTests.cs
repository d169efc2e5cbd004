using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;
using Xunit.Abstractions;

namespace RaftSdk.Package.Tests;

/// <summary>
/// The package's build files compile every .proto file of a consumer without a <c>Protobuf</c>
/// line of the user's, never list one twice, can be switched off, and a consumer without
/// Grpc.Tools is stopped before the compiler with a message saying what to add.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class ProtobufItemTests
{
    private const string Proto = "Protos/greeter.proto";

    private readonly PackageFixture _package;
    private readonly ITestOutputHelper _output;

    public ProtobufItemTests(PackageFixture package, ITestOutputHelper output)
    {
        _package = package;
        _output = output;
        _package.AssertPacked();
    }

    [Fact]
    public void A_consumer_without_a_protobuf_line_builds_and_its_proto_file_is_one_item_for_protoc_and_the_generator()
    {
        ConsumerProject consumer = _package.Consumer;
        Assert.True(consumer.Build.ExitCode == 0, consumer.Build.ToString());
        Assert.DoesNotContain("<Protobuf", File.ReadAllText(Path.Combine(consumer.Directory, "Consumer.csproj")), StringComparison.Ordinal);

        (IReadOnlyList<Item> protobuf, IReadOnlyList<Item> additional) = Items(consumer);
        Item item = Assert.Single(protobuf);
        Assert.Equal(Proto, item.Identity);
        Assert.Equal("None", item.GrpcServices);
        Assert.Equal(new[] { Proto }, additional.Where(a => a.Identity.EndsWith(".proto", StringComparison.Ordinal)).Select(a => a.Identity));
    }

    [Fact]
    public void A_protobuf_item_of_the_users_own_is_not_listed_a_second_time()
    {
        // Spelled differently from the package's glob (backslash), with a metadata value of its own.
        ConsumerProject consumer = ConsumerProject.Create(_package, "consumer-own-protobuf-item",
            projectItems: """<Protobuf Include="Protos\greeter.proto" GrpcServices="None" Access="Internal" />""", build: false);
        Assert.True(consumer.AddPackage.ExitCode == 0, consumer.AddPackage.ToString());

        (IReadOnlyList<Item> protobuf, _) = Items(consumer);
        Item item = Assert.Single(protobuf);
        Assert.Equal("Internal", item.Access);
    }

    [Fact]
    public void RaftSdkDefaultProtobufItems_false_adds_none()
    {
        ConsumerProject consumer = ConsumerProject.Create(_package, "consumer-no-default-protobuf-items", build: false);
        Assert.True(consumer.AddPackage.ExitCode == 0, consumer.AddPackage.ToString());

        (IReadOnlyList<Item> protobuf, IReadOnlyList<Item> additional) = Items(consumer, "-p:RaftSdkDefaultProtobufItems=false");
        Assert.Empty(protobuf);
        Assert.DoesNotContain(additional, a => a.Identity.EndsWith(".proto", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_grpc_tools_the_build_stops_before_the_compiler_and_names_the_package_to_add()
    {
        ConsumerProject consumer = ConsumerProject.Create(_package, "consumer-without-grpc-tools", grpcTools: false);
        _output.WriteLine(consumer.Build.ToString());
        Assert.True(consumer.AddPackage.ExitCode == 0, consumer.AddPackage.ToString());

        Assert.NotEqual(0, consumer.Build.ExitCode);
        string expected = "error RAFTSDK001: RaftSdk: " + Proto + " would be compiled into the protobuf classes that [ProtoMessage] names, but no protobuf compiler is referenced. Add one: dotnet add package Grpc.Tools";
        Assert.Contains(expected, consumer.Build.Output, StringComparison.Ordinal);
        // Not a compiler error anywhere, least of all inside generated code.
        Assert.DoesNotContain("error CS", consumer.Build.Output, StringComparison.Ordinal);
    }

    private (IReadOnlyList<Item> Protobuf, IReadOnlyList<Item> AdditionalFiles) Items(ConsumerProject consumer, params string[] properties)
    {
        DotNetResult result = DotNet.Run(consumer.Directory, ConsumerProject.Environment(_package), null,
            new[] { "msbuild", "Consumer.csproj", "-getItem:Protobuf", "-getItem:AdditionalFiles" }.Concat(properties).ToArray());
        _output.WriteLine(result.ToString());
        Assert.True(result.ExitCode == 0, result.ToString());

        using JsonDocument json = JsonDocument.Parse(result.Output[result.Output.IndexOf('{', StringComparison.Ordinal)..]);
        JsonElement items = json.RootElement.GetProperty("Items");
        return (Read(items, "Protobuf"), Read(items, "AdditionalFiles"));
    }

    private static List<Item> Read(JsonElement items, string name) =>
        items.TryGetProperty(name, out JsonElement list)
            ? list.EnumerateArray().Select(i => new Item(
                i.GetProperty("Identity").GetString()!.Replace('\\', '/'),
                i.TryGetProperty("GrpcServices", out JsonElement services) ? services.GetString() : null,
                i.TryGetProperty("Access", out JsonElement access) ? access.GetString() : null)).ToList()
            : new List<Item>();

    private sealed record Item(string Identity, string? GrpcServices, string? Access);
}
