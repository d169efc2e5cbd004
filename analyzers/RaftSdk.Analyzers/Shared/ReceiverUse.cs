using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace RaftSdk.Analyzers.Shared;

/// <summary>How a reference to a communication object is used by the operation around it.</summary>
internal enum ReceiverUseKind
{
    /// <summary>Handed to code the rules cannot follow (an argument, a return value, a copy, a delegate...).</summary>
    Escapes,

    /// <summary>The receiver of a member of ICommunication; see <see cref="ReceiverUse.Member"/>.</summary>
    Member,

    /// <summary>The target of a plain assignment; see <see cref="ReceiverUse.AssignedValue"/>.</summary>
    AssignedTo,

    /// <summary>Only inspected: a null check, a type test or a comparison.</summary>
    Inspected,

    /// <summary>Captured into a flow capture; the capture's references carry the use.</summary>
    Captured,
}

/// <summary>
/// Classifies the use of one reference to a communication object (a local, parameter, field, property or
/// flow capture). Anything it does not recognize "escapes": a rule then assumes the best (SetRaft may have
/// been called, the object may have been replaced), which keeps the rules free of false positives.
/// </summary>
internal readonly struct ReceiverUse
{
    private ReceiverUse(ReceiverUseKind kind, CommunicationMemberKind member = CommunicationMemberKind.None, IOperation? use = null, IOperation? assignedValue = null)
    {
        Kind = kind;
        Member = member;
        Use = use;
        AssignedValue = assignedValue;
    }

    public ReceiverUseKind Kind { get; }

    /// <summary>For <see cref="ReceiverUseKind.Member"/>: which member.</summary>
    public CommunicationMemberKind Member { get; }

    /// <summary>For <see cref="ReceiverUseKind.Member"/>: the invocation or property reference.</summary>
    public IOperation? Use { get; }

    /// <summary>For <see cref="ReceiverUseKind.AssignedTo"/>: the assigned value.</summary>
    public IOperation? AssignedValue { get; }

    public static ReceiverUse Of(IOperation reference, SdkTypes types)
    {
        IOperation? parent = OperationHelpers.ParentSkippingConversions(reference, out IOperation child);
        switch (parent)
        {
            case IInvocationOperation invocation when invocation.Instance == child:
                return AsMember(types, invocation, invocation.TargetMethod, child.Type);
            case IPropertyReferenceOperation property when property.Instance == child:
                return AsMember(types, property, property.Property, child.Type);
            case IConditionalAccessOperation conditional when conditional.Operation == child:
                // x?.M(): the call hangs off WhenNotNull with an IConditionalAccessInstance as its receiver.
                return conditional.WhenNotNull switch
                {
                    IInvocationOperation { Instance: IConditionalAccessInstanceOperation } invocation => AsMember(types, invocation, invocation.TargetMethod, child.Type),
                    IPropertyReferenceOperation { Instance: IConditionalAccessInstanceOperation } property => AsMember(types, property, property.Property, child.Type),
                    _ => new ReceiverUse(ReceiverUseKind.Escapes),
                };
            case ISimpleAssignmentOperation assignment when assignment.Target == child:
                return new ReceiverUse(ReceiverUseKind.AssignedTo, assignedValue: assignment.Value);
            case IFlowCaptureOperation:
                return new ReceiverUse(ReceiverUseKind.Captured);
            case IIsNullOperation:
            case IIsPatternOperation:
            case IIsTypeOperation:
            case IBinaryOperation:
                return new ReceiverUse(ReceiverUseKind.Inspected);
            default:
                return new ReceiverUse(ReceiverUseKind.Escapes);
        }
    }

    private static ReceiverUse AsMember(SdkTypes types, IOperation use, ISymbol member, ITypeSymbol? receiverType)
    {
        CommunicationMemberKind kind = CommunicationMembers.Classify(types, member, receiverType);
        return kind == CommunicationMemberKind.None
            ? new ReceiverUse(ReceiverUseKind.Escapes)
            : new ReceiverUse(ReceiverUseKind.Member, kind, use);
    }
}
