using System;

namespace RaftSdk.Mapping;

/// <summary>The bytes are not a valid message, or a required field is missing (see <see cref="MissingRequiredField"/>).</summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public sealed class ProtoReadException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="missingRequiredField">True when the bytes were valid but a required field was absent.</param>
    public ProtoReadException(string message, bool missingRequiredField = false)
        : base(message)
    {
        MissingRequiredField = missingRequiredField;
    }

    private ProtoReadException(string message, bool missingRequiredField, bool tooManyFields)
        : base(message)
    {
        MissingRequiredField = missingRequiredField;
        TooManyFields = tooManyFields;
    }

    /// <summary>True when the message has more fields than the reader was allowed to decode (not malformed, too large).</summary>
    public bool TooManyFields { get; }

    /// <summary>The exception for a message with more fields than the reader's limit.</summary>
    /// <returns>The exception.</returns>
    public static ProtoReadException FieldLimit() =>
        new("The message has more fields than the limit allows.", missingRequiredField: false, tooManyFields: true);

    /// <summary>True when the bytes were valid but a required field was absent.</summary>
    public bool MissingRequiredField { get; }

    /// <summary>The exception for a message whose required field <paramref name="field"/> is absent.</summary>
    /// <param name="message">The protobuf message name.</param>
    /// <param name="field">The field.</param>
    /// <returns>The exception.</returns>
    public static ProtoReadException MissingRequired(string message, string field) =>
        new($"{message} misses the required field {field}.", missingRequiredField: true);
}
