/// A failure talking to Vault: what kind, where (the Vault path), and what Vault said.
///
/// `description` says what a person should check (credentials, namespace, policy, key
/// version, ...). Vault's own error strings are kept in `vaultErrors`; tokens and key material
/// never appear in either.
public struct VaultError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public enum Code: String, Hashable, Sendable {
        /// 403: bad, expired or revoked token, missing policy, or a token from another namespace.
        case permissionDenied
        /// AppRole login refused: wrong role ID or secret ID, or the wrong namespace.
        case invalidCredentials
        /// 404: no such key or path (Vault also answers 404 instead of 403 to hide state).
        case notFound
        /// 400 that is not one of the more specific cases below.
        case invalidRequest
        /// The ciphertext is not `vault:vN:<base64>`, or does not authenticate.
        case invalidCiphertext
        /// The ciphertext's key version is below the key's `min_decryption_version`.
        case keyVersionTooOld
        /// The ciphertext or requested key version is newer than the key's latest version.
        case keyVersionTooNew
        /// 429: rate limit or lease quota (or a standby node's health answer).
        case rateLimited
        /// 503: sealed, in maintenance, or a locked namespace.
        case sealed
        /// 500, 501, 502 or another unexpected status.
        case serverError
        /// The token cannot be renewed (batch or non-renewable token, or renewal refused).
        case renewalFailed
        /// No answer within the configured time.
        case timeout
        /// No connection, or it broke before an answer.
        case connectionFailed
        /// The TLS handshake failed (CA, host name, client certificate).
        case tls
        /// The answer is not the JSON Vault sends.
        case badResponse
        /// The client configuration is unusable (address, files, names).
        case configuration
    }

    public var code: Code
    /// The Vault API path (without `/v1/`), when the failure belongs to a request.
    public var path: String?
    /// The HTTP status, when Vault answered.
    public var status: Int?
    /// Vault's `errors` strings.
    public var vaultErrors: [String]
    /// What went wrong, in words.
    public var message: String

    public init(_ code: Code, path: String? = nil, status: Int? = nil, vaultErrors: [String] = [], message: String) {
        self.code = code
        self.path = path
        self.status = status
        self.vaultErrors = vaultErrors
        self.message = message
    }

    /// What a person should check for this kind of failure.
    public var hint: String {
        switch code {
        case .permissionDenied:
            "check the token (expired or revoked?), its policies for this path, and that it was issued in this namespace"
        case .invalidCredentials: "bad AppRole credentials or wrong namespace: check the role ID, secret ID, auth mount path and namespace"
        case .notFound: "check the key name, the transit mount path and the namespace"
        case .invalidRequest: "check the request values"
        case .invalidCiphertext: "the ciphertext is damaged or belongs to another key or Vault"
        case .keyVersionTooOld: "the key's min_decryption_version is above this ciphertext's version; lower it, or rewrap data before raising it"
        case .keyVersionTooNew: "the key was re-created or belongs to another Vault: its latest version is below the one asked for"
        case .rateLimited: "Vault's rate-limit quota was exceeded; retry later or raise the quota"
        case .sealed: "Vault is sealed or unavailable; unseal it or wait for maintenance to end"
        case .serverError: "Vault reported an internal error; check its logs"
        case .renewalFailed: "the token cannot be renewed; issue a new token (or use a periodic or AppRole token)"
        case .timeout: "check that Vault is reachable and not overloaded, or raise the time-out"
        case .connectionFailed: "check the Vault address and port, and that Vault is running"
        case .tls: "check the CA file, that the address matches the server certificate's name, and any client certificate"
        case .badResponse: "check that the address points at Vault (not a proxy or another service)"
        case .configuration: "check the Vault configuration"
        }
    }

    public var description: String {
        var text = "vault: \(message)"
        if let path { text += " (\(path)" + (status.map { ", HTTP \($0)" } ?? "") + ")" }
        return text + "; \(hint)"
    }

    public static func == (lhs: VaultError, rhs: VaultError) -> Bool { lhs.code == rhs.code && lhs.status == rhs.status }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(status)
    }
}

extension VaultError {
    /// Classifies an error answer from its status and Vault's `errors` strings.
    ///
    /// Matches on the status first (the 403 text varies between Vault versions), then on
    /// transit's documented 400 strings.
    static func fromStatus(_ status: Int, errors: [String], path: String) -> VaultError {
        let joined = errors.joined(separator: ", ")
        let said = joined.isEmpty ? "" : ": \(joined)"
        func make(_ code: Code, _ what: String) -> VaultError {
            VaultError(code, path: path, status: status, vaultErrors: errors, message: what + said)
        }
        switch status {
        case 403: return make(.permissionDenied, "permission denied")
        case 404: return make(.notFound, "not found")
        case 429: return make(.rateLimited, "rate limited")
        case 503: return make(.sealed, "Vault is sealed or unavailable")
        case 400:
            let lower = joined.lowercased()
            if lower.contains("invalid role or secret id") || lower.contains("invalid role id") || lower.contains("invalid secret id") {
                return make(.invalidCredentials, "AppRole login refused")
            }
            if lower.contains("disallowed by policy (too old)") || lower.contains("less than the minimum") {
                return make(.keyVersionTooOld, "key version too old for decryption")
            }
            if lower.contains("version is too new") || lower.contains("higher than the latest key version") {
                return make(.keyVersionTooNew, "key version too new")
            }
            if lower.contains("invalid ciphertext") || lower.contains("message authentication failed") {
                return make(.invalidCiphertext, "invalid ciphertext")
            }
            if lower.contains("encryption key not found") || lower.contains("key not found") {
                return make(.notFound, "key not found")
            }
            if lower.contains("not renewable") || lower.contains("cannot be renewed") {
                return make(.renewalFailed, "renewal refused")
            }
            return make(.invalidRequest, "invalid request")
        default: return make(.serverError, "unexpected HTTP status \(status)")
        }
    }
}
