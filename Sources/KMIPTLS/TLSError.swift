internal import COpenSSL

/// A TLS failure: what failed, and OpenSSL's own reasons.
///
/// Errors compare equal by `code`. `reasons` holds the entries of OpenSSL's error queue
/// (e.g. "tlsv13 alert certificate required", "certificate verify failed"), and for a
/// certificate that did not verify, the verification result ("certificate has expired").
public struct TLSError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure; new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String

        /// The configuration could not be applied: a file that does not load, a key that does
        /// not match its certificate, a wrong passphrase.
        public static let configuration = Code(name: "configuration")
        /// The handshake failed (protocol version, ciphers, certificates, alerts).
        public static let handshakeFailed = Code(name: "handshakeFailed")
        /// Reading or writing application data failed after the handshake.
        public static let ioFailed = Code(name: "ioFailed")
        /// The peer closed the connection without a TLS close_notify.
        public static let uncleanShutdown = Code(name: "uncleanShutdown")
        /// The peer asked to renegotiate an established TLS 1.2 connection; refused, and the
        /// connection closed.
        public static let renegotiationRefused = Code(name: "renegotiationRefused")
        /// Certificate generation (PKI) failed.
        public static let pki = Code(name: "pki")

        public var description: String { name }
    }

    public var code: Code
    /// What was being done.
    public var operation: String
    /// OpenSSL's reasons, most specific last.
    public var reasons: [String]

    public init(_ code: Code, operation: String, reasons: [String] = []) {
        self.code = code
        self.operation = operation
        self.reasons = reasons
    }

    public static func == (lhs: TLSError, rhs: TLSError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    public var description: String {
        "TLS \(code): \(operation)" + (reasons.isEmpty ? "" : ": " + reasons.joined(separator: "; "))
    }

    /// An error carrying, and clearing, this thread's OpenSSL error queue.
    static func openSSL(_ code: Code, _ operation: String, extra: [String] = []) -> TLSError {
        TLSError(code, operation: operation, reasons: drainErrorQueue() + extra)
    }
}

/// Takes every entry off this thread's OpenSSL error queue, as text.
func drainErrorQueue() -> [String] {
    var reasons: [String] = []
    while true {
        let code = ERR_get_error()
        if code == 0 { break }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        let full = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        // "error:0A000086:SSL routines::certificate verify failed" -> the reason after the last "::" or ":".
        let reason = full.split(separator: ":", omittingEmptySubsequences: true).last.map(String.init) ?? full
        if !reasons.contains(reason) { reasons.append(reason) }
    }
    return reasons
}
