namespace RaftSdk.Transport.Pipelining;

/// <summary>How the body of an HTTP/1.1 answer is framed.</summary>
internal enum HttpBodyFraming
{
    /// <summary>No body (1xx, 204, 304).</summary>
    None,

    /// <summary>Exactly <see cref="HttpAnswerHead.ContentLength"/> bytes.</summary>
    ContentLength,

    /// <summary><c>Transfer-Encoding: chunked</c>.</summary>
    Chunked,

    /// <summary>Neither length nor chunks: the body ends when the peer closes the connection.</summary>
    UntilClose,
}

/// <summary>The status line and the headers of one answer that matter to a client.</summary>
/// <param name="Status">The status code.</param>
/// <param name="Reason">The reason phrase as sent.</param>
/// <param name="ContentType">The Content-Type, or null.</param>
/// <param name="Framing">How the body is framed.</param>
/// <param name="ContentLength">The body length for <see cref="HttpBodyFraming.ContentLength"/>.</param>
/// <param name="Close">The peer closes the connection after this answer.</param>
/// <param name="CertificateRefused">The answer carries a RaftSdk server's refusal header (its 403 for this node's TLS certificate).</param>
internal readonly record struct HttpAnswerHead(int Status, string Reason, string? ContentType, HttpBodyFraming Framing, long ContentLength, bool Close, bool CertificateRefused = false)
{
    /// <summary>What <see cref="RaftAnswerClassifier"/> judges.</summary>
    public RaftAnswerHead Judged => new(Status, Reason, ContentType, CertificateRefused);
}
