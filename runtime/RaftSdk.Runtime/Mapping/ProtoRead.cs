namespace RaftSdk.Mapping;

/// <summary>Reads a message record straight from its wire form (generated <c>ReadProto</c> methods).</summary>
/// <typeparam name="T">The record.</typeparam>
/// <param name="reader">The reader, positioned at the message's first field; it reads up to its limit.</param>
/// <returns>The record.</returns>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public delegate T ProtoRead<T>(ref ProtoReader reader);
