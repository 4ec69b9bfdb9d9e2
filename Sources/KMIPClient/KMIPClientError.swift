import KMIP
public import KMIPSpec

/// A client failure: the connection, the protocol, or the server's answer.
public struct KMIPClientError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure; new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String

        /// Could not connect (refused, unreachable, TLS handshake failed).
        public static let connectionFailed = Code(name: "connectionFailed")
        /// The connection closed before the response arrived.
        public static let connectionClosed = Code(name: "connectionClosed")
        /// No response within the time-out.
        public static let timeout = Code(name: "timeout")
        /// The response could not be read, or does not answer the request.
        public static let protocolError = Code(name: "protocolError")
        /// The server answered with Operation Failed (see `resultReason`).
        public static let operationFailed = Code(name: "operationFailed")
        /// The request cannot be expressed in the protocol version in use.
        public static let invalidRequest = Code(name: "invalidRequest")
        /// The client was shut down.
        public static let shutDown = Code(name: "shutDown")

        public var description: String { name }
    }

    public var code: Code
    /// The operation concerned, when there is one.
    public var operation: Operation?
    /// The server's Result Reason, for `operationFailed`.
    public var resultReason: ResultReason?
    /// The server's Result Message, or a description of the failure.
    public var message: String

    public init(_ code: Code, operation: Operation? = nil, resultReason: ResultReason? = nil, message: String) {
        self.code = code
        self.operation = operation
        self.resultReason = resultReason
        self.message = message
    }

    public static func == (lhs: KMIPClientError, rhs: KMIPClientError) -> Bool {
        lhs.code == rhs.code && lhs.resultReason == rhs.resultReason
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(resultReason)
    }

    public var description: String {
        var text = "KMIP \(code)"
        if let operation { text += " (\(operation))" }
        if let resultReason { text += ": \(resultReason)" }
        return text + (message.isEmpty ? "" : ": \(message)")
    }
}
