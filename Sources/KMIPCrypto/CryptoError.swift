internal import COpenSSL

/// A cryptographic failure: its kind, what went wrong, and OpenSSL's own reasons.
///
/// Errors compare equal by `code`. Neither `message` nor `reasons` ever contain key material.
public struct CryptoError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure; new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String

        /// The key is malformed, of the wrong type, or does not decode.
        public static let invalidKey = Code(name: "invalidKey")
        /// A parameter is out of range: key or IV length, tag length, data length, key size.
        public static let invalidParameters = Code(name: "invalidParameters")
        /// Authenticated decryption or key unwrapping found the data altered (or the key wrong).
        public static let authenticationFailed = Code(name: "authenticationFailed")
        /// The combination of algorithm, mode and options is not supported.
        public static let unsupported = Code(name: "unsupported")
        /// OpenSSL failed for another reason; see `reasons`.
        public static let openSSL = Code(name: "openSSL")

        public var description: String { name }
    }

    /// The kind of failure.
    public var code: Code
    /// What failed, in words.
    public var message: String
    /// OpenSSL's reasons (from its error queue), most specific last.
    public var reasons: [String]

    public init(_ code: Code, _ message: String, reasons: [String] = []) {
        self.code = code
        self.message = message
        self.reasons = reasons
    }

    public static func == (lhs: CryptoError, rhs: CryptoError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    public var description: String {
        "crypto \(code): \(message)" + (reasons.isEmpty ? "" : ": " + reasons.joined(separator: "; "))
    }

    /// An error carrying, and clearing, this thread's OpenSSL error queue.
    static func openSSL(_ message: String, code: Code = .openSSL) -> CryptoError {
        CryptoError(code, message, reasons: drainOpenSSLErrors())
    }

    static func invalidParameters(_ message: String) -> CryptoError { CryptoError(.invalidParameters, message) }
    static func unsupported(_ message: String) -> CryptoError { CryptoError(.unsupported, message) }
}

/// Takes every entry off this thread's OpenSSL error queue, as reason text.
func drainOpenSSLErrors() -> [String] {
    var reasons: [String] = []
    while true {
        let code = ERR_get_error()
        if code == 0 { break }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        let full = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        // "error:1C800064:Provider routines::bad decrypt" -> "bad decrypt".
        let reason = full.split(separator: ":", omittingEmptySubsequences: true).last.map(String.init) ?? full
        if !reasons.contains(reason) { reasons.append(reason) }
    }
    return reasons
}

/// Checks that a length fits OpenSSL's `int` lengths.
func int32Length(_ count: Int, _ what: String) throws(CryptoError) -> Int32 {
    guard count <= Int(Int32.max) - 64 else { throw .invalidParameters("\(what) is too long (\(count) bytes)") }
    return Int32(count)
}
