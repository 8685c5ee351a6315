namespace Incident.Workflows;

/// <summary>
/// Thrown inside an activity for a failure that faults the instance (recorded, retryable)
/// rather than the caller's transaction: a failing expression, an impossible outcome.
/// A host may throw it too, to fault the instance on purpose.
/// </summary>
public sealed class WorkflowFaultException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WorkflowFaultException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public WorkflowFaultException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public WorkflowFaultException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
