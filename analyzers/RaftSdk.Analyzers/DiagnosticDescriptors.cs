using Microsoft.CodeAnalysis;

namespace RaftSdk.Analyzers;

/// <summary>Every descriptor the RaftSdk analyzers report; one place so ids, categories and links stay consistent.</summary>
internal static class DiagnosticDescriptors
{
    /// <summary>Every id's page lives under one folder; the link is built from the id so it cannot drift.</summary>
    public const string HelpLinkBase = "https://github.com/raftsdk/RaftSdk/blob/main/docs/diagnostics/";

    private const string Usage = "RaftSdk.Usage";
    private const string Security = "RaftSdk.Security";
    private const string Reliability = "RaftSdk.Reliability";
    private const string Performance = "RaftSdk.Performance";

    public static readonly DiagnosticDescriptor UseBeforeSetRaft = new DiagnosticDescriptor(
        DiagnosticIds.UseBeforeSetRaft,
        "Communication object used before SetRaft",
        "'{0}' is called on '{1}' before SetRaft{2}",
        Usage,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Until SetRaft wires up the Raft implementation, a communication object answers peers 503 and its own calls throw. Call SetRaft right after the Start method returns.",
        helpLinkUri: HelpLinkBase + DiagnosticIds.UseBeforeSetRaft + ".md");

    public static readonly DiagnosticDescriptor UseAfterClose = new DiagnosticDescriptor(
        DiagnosticIds.UseAfterClose,
        "Communication object used after Close or Dispose",
        "'{0}' is used after '{1}' was called on it",
        Usage,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Close and Dispose stop the server and release the client's connections; any later use of the same communication object fails.",
        helpLinkUri: HelpLinkBase + DiagnosticIds.UseAfterClose + ".md");

    public static readonly DiagnosticDescriptor PeerAddressLiteral = new DiagnosticDescriptor(
        DiagnosticIds.PeerAddressLiteral,
        "Peer address is not host:port",
        "The peer address \"{0}\" {1}; a peer address is host:port",
        Usage,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "The transport builds the URL itself from a peer address of the form host:port (as the Go original does); a scheme or a path makes a malformed URL and a missing port makes the call go to the wrong port.",
        helpLinkUri: HelpLinkBase + DiagnosticIds.PeerAddressLiteral + ".md");

    public static readonly DiagnosticDescriptor SecureModeEmptyPath = new DiagnosticDescriptor(
        DiagnosticIds.SecureModeEmptyPath,
        "Secure mode needs a key, a certificate and a CA file",
        "'{0}' is {1}: secure mode cannot start without it",
        Security,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "StartSecureCommunicationAsync loads the node's key, its certificate and the cluster CA from these paths; a null or empty path always fails at startup, so the node never serves TLS.",
        helpLinkUri: HelpLinkBase + DiagnosticIds.SecureModeEmptyPath + ".md");

    public static readonly DiagnosticDescriptor DiscardedCallResult = new DiagnosticDescriptor(
        DiagnosticIds.DiscardedCallResult,
        "Result of a peer call is discarded",
        "The task returned by '{0}' is neither awaited, stored nor returned",
        Reliability,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A discarded task hides the peer's answer and its failure: the call's exception goes unobserved and the caller continues before the peer has answered. Await it, store it, return it, or discard it explicitly with '_ ='.",
        helpLinkUri: HelpLinkBase + DiagnosticIds.DiscardedCallResult + ".md");

    public static readonly DiagnosticDescriptor BlockingInRaftImplementation = new DiagnosticDescriptor(
        DiagnosticIds.BlockingInRaftImplementation,
        "Blocking wait in a Raft implementation",
        "'{0}' blocks inside '{1}', which the transport calls on a server thread",
        Performance,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "The transport calls a Raft implementation on server threads for every peer request; a blocking wait there ties up a thread pool thread per request and can starve the server or deadlock it. Await instead.",
        helpLinkUri: HelpLinkBase + DiagnosticIds.BlockingInRaftImplementation + ".md");
}
