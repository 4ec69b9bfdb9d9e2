public import KMIPSpec

/// A failure an operation handler reports to the client as a KMIP error result.
public struct OperationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The Result Reason the response carries.
    public var reason: ResultReason
    /// The Result Message (never key material).
    public var message: String

    public init(_ reason: ResultReason, _ message: String) {
        self.reason = reason
        self.message = message
    }

    public var description: String { "\(reason): \(message)" }

    static func notFound(_ identifier: String) -> OperationError { OperationError(.itemNotFound, "no object \(identifier)") }
    static func missing(_ what: String) -> OperationError { OperationError(.invalidField, "\(what) is required") }
    static func wrongState(_ identifier: String, _ state: State, for operation: String) -> OperationError {
        OperationError(.wrongKeyLifecycleState, "object \(identifier) is \(state); \(operation) needs another state")
    }
}
