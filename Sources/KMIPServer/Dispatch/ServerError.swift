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

    static func notFound(_ identifier: String) -> OperationError { OperationError(.objectNotFound, "no object \(identifier)") }
    static func missing(_ what: String) -> OperationError { OperationError(.missingData, "\(what) is required") }
    static func wrongState(_ identifier: String, _ state: State, for operation: String) -> OperationError {
        OperationError(.wrongKeyLifecycleState, "object \(identifier) is \(state); \(operation) needs another state")
    }
}

extension ResultReason {
    /// The reason as `version` can express it: reasons KMIP 2.0 added fall back to the 1.x
    /// reason that covered them (Wrong Key Lifecycle State was Illegal Operation, ...), and
    /// anything else a version lacks becomes General Failure.
    func expressible(in version: KMIPVersion) -> ResultReason {
        if Self.definition?.defines(rawValue, in: version) != false { return self }
        let fallback: [ResultReason: ResultReason] = [
            .wrongKeyLifecycleState: .illegalOperation,
            .objectDestroyed: .itemNotFound,
            .wrappingObjectDestroyed: .itemNotFound,
            .wrappingObjectNotFound: .itemNotFound,
            .wrappingObjectArchived: .objectArchived,
            .objectNotFound: .itemNotFound,
            .attributeNotFound: .itemNotFound,
            .attributeReadOnly: .permissionDenied,
            .readOnlyAttribute: .permissionDenied,
            .incompatibleCryptographicUsageMask: .permissionDenied,
            .invalidObjectType: .invalidField,
            .invalidAttributeValue: .invalidField,
            .badCryptographicParameters: .invalidField,
            .unsupportedCryptographicParameters: .featureNotSupported,
            .illegalOperation: .wrongKeyLifecycleState,
            .invalidAsynchronousCorrelationValue: .itemNotFound,
            .invalidCorrelationValue: .itemNotFound,
            .usageLimitExceeded: .permissionDenied,
            .attributeSingleValued: .invalidField,
            .sensitive: .permissionDenied,
            .notExtractable: .permissionDenied,
        ]
        if let replacement = fallback[self], replacement.expressible(in: version) == replacement { return replacement }
        return .generalFailure
    }
}
