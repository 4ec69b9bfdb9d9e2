/// How a `VaultClient` reaches and authenticates to Vault.
public struct VaultConfiguration: Sendable {
    /// How the client gets its token.
    public enum Authentication: Sendable, CustomStringConvertible {
        /// A token given by the operator (`X-Vault-Token`).
        case token(String)
        /// AppRole login at `auth/<mountPath>/login`; the client logs in again when its token
        /// cannot be renewed or has expired.
        case appRole(roleID: String, secretID: String, mountPath: String = "approle")

        /// Never shows the token or the secret ID.
        public var description: String {
            switch self {
            case .token: "token"
            case .appRole(_, _, let mountPath): "AppRole at auth/\(mountPath)"
            }
        }
    }

    /// `https://host:port` (or `http://` for plaintext, which must be allowed explicitly).
    public var address: String
    /// CA certificates (PEM) to verify Vault's certificate; `nil` uses the system store.
    public var caFile: String?
    /// A client certificate and key (PEM), for Vault listeners that require one.
    public var clientCertificateFile: String?
    public var clientKeyFile: String?
    /// The namespace (`X-Vault-Namespace`), sent on login and on every call.
    public var namespace: String?
    public var authentication: Authentication
    /// The transit mount path (`transit` by default).
    public var transitMount = "transit"
    /// Whether an `http://` address is accepted.
    public var allowPlaintext = false
    /// TCP connect plus TLS handshake.
    public var connectTimeout: Duration = .seconds(10)
    /// One request, from sending to the whole answer.
    public var requestTimeout: Duration = .seconds(30)
    /// Retries of idempotent calls after 429, 5xx or a broken connection.
    public var maxRetries = 3
    /// The first retry waits this long; each further retry doubles it (with jitter).
    public var retryBaseDelay: Duration = .milliseconds(200)
    /// Renew (or log in again) when this fraction of the token's lease has passed.
    public var renewalFraction = 2.0 / 3.0
    /// Called with warnings worth a person's attention (for example a renewal that did not
    /// extend the token). Never given tokens.
    public var onWarning: (@Sendable (String) -> Void)?

    public init(address: String, authentication: Authentication, caFile: String? = nil, namespace: String? = nil, transitMount: String = "transit") {
        self.address = address
        self.authentication = authentication
        self.caFile = caFile
        self.namespace = namespace
        self.transitMount = transitMount
    }
}

extension VaultConfiguration: CustomStringConvertible {
    /// The address, namespace, mount and kind of authentication; never a token or secret ID.
    public var description: String {
        "VaultConfiguration(\(address), namespace: \(namespace ?? "-"), transit: \(transitMount), auth: \(authentication))"
    }
}

/// A parsed Vault address.
struct VaultAddress: Hashable, Sendable {
    var secure: Bool
    var host: String
    var port: Int

    init(_ text: String) throws(VaultError) {
        var rest = Substring(text)
        if rest.hasPrefix("https://") {
            secure = true
            rest = rest.dropFirst(8)
        } else if rest.hasPrefix("http://") {
            secure = false
            rest = rest.dropFirst(7)
        } else {
            throw VaultError(.configuration, message: "the Vault address `\(text)` must start with https:// (or http:// with plaintext allowed)")
        }
        while rest.hasSuffix("/") { rest = rest.dropLast() }
        guard !rest.contains("/"), !rest.isEmpty else {
            throw VaultError(.configuration, message: "the Vault address `\(text)` must be scheme://host[:port] with no path")
        }
        var hostPart = rest
        var portNumber = secure ? 443 : 80
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw VaultError(.configuration, message: "the Vault address `\(text)` has an unclosed `[`") }
            hostPart = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":"), let number = Int(after.dropFirst()) else { throw VaultError(.configuration, message: "the Vault address `\(text)` has a bad port") }
                portNumber = number
            }
        } else if let colon = rest.lastIndex(of: ":") {
            hostPart = rest[..<colon]
            guard let number = Int(rest[rest.index(after: colon)...]) else { throw VaultError(.configuration, message: "the Vault address `\(text)` has a bad port") }
            portNumber = number
        }
        guard (1...65_535).contains(portNumber), !hostPart.isEmpty else {
            throw VaultError(.configuration, message: "the Vault address `\(text)` needs a host and a port from 1 to 65535")
        }
        host = String(hostPart)
        port = portNumber
    }
}
