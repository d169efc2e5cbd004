using RaftNode;
using RaftSdk.Hosting;

var builder = WebApplication.CreateBuilder(args);
string name = builder.Configuration["Node:Name"] ?? "node";
builder.Services.AddSingleton<IPeer>(new Peer(name));
builder.Services.AddRaftSdk(builder.Configuration)          // the "RaftSdk" section, checked at start
    .AddListener<IPeer>(PeerDispatcher.Routes, PeerDispatcher.ContentType)   // peers call RaftSdk:Port
    .AddClient<PeerClient>(PeerClient.ContentType);          // this node calls its peers
builder.Services.AddHealthChecks().AddRaftSdk();

var app = builder.Build();
app.MapHealthChecks("/healthz");
// The handler takes no generated type and states its return type: ASP.NET's handler generator
// (on with PublishAot) cannot see types that another source generator made.
PeerClient peers = app.Services.GetRequiredService<PeerClient>();
app.MapGet("/ping/{peer}", async Task<string> (string peer) =>
    (await peers.PingAsync(peer, new PingRequest(name, 1))).Text);
app.Run();
