using System;

namespace RaftSdk.Server;

/// <summary>Carries an exception of the service's answer stream out of the copy, so that it is judged as the service's fault.</summary>
internal sealed class ServiceBodyException(Exception inner) : Exception(inner.Message, inner);
