/// A TLS protocol version.
public enum TLSVersion: Int32, Comparable, Sendable, CustomStringConvertible {
    case v1_2 = 0x0303
    case v1_3 = 0x0304

    public static func < (lhs: TLSVersion, rhs: TLSVersion) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { self == .v1_2 ? "TLSv1.2" : "TLSv1.3" }
}

/// PEM data: from a file, or in memory.
public enum PEMSource: Hashable, Sendable {
    case file(String)
    case bytes([UInt8])
}

/// Where trusted certificate authorities come from.
public enum TrustRoots: Hashable, Sendable {
    /// A PEM file holding one or more CA certificates.
    case file(String)
    /// A directory of CA certificates, hashed as `openssl rehash` lays them out.
    case directory(String)
    /// CA certificates in memory (PEM).
    case certificates([UInt8])
    /// The operating system's store (OpenSSL's default paths).
    case system
}

/// Whether a server asks clients for certificates.
public enum ClientAuthentication: Hashable, Sendable {
    /// Require a certificate signed by a trusted root (mutual TLS; the default).
    case required
    /// Ask for one and verify it when given.
    case optional
    /// Do not ask.
    case none
}

/// How a TLS endpoint is set up: versions, ciphers, certificates and verification.
///
/// Use the factories: `.server(...)` requires mutual TLS by default, `.client(...)` verifies
/// the server's certificate and name. TLS 1.3 is the default minimum; TLS 1.2 may be allowed,
/// and then only the KMIP profile's TLS 1.2 suites are offered. Nothing below 1.2 is possible.
public struct TLSConfiguration: Hashable, Sendable {
    public enum Role: Hashable, Sendable {
        case client
        case server
    }

    public var role: Role
    /// The lowest version accepted (default TLS 1.3; `.v1_2` allows TLS 1.2).
    public var minimumVersion: TLSVersion = .v1_3
    /// The highest version offered.
    public var maximumVersion: TLSVersion = .v1_3
    /// TLS 1.3 suites (OpenSSL names): the two the KMIP profile requires servers to support.
    public var tls13CipherSuites = "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256"
    /// TLS 1.2 suites (OpenSSL names): those the KMIP Basic Authentication Suite allows.
    public var tls12CipherSuites = TLSConfiguration.kmipTLS12CipherSuites
    /// This side's certificate chain (leaf first) and key.
    public var certificateChain: PEMSource?
    public var privateKey: PEMSource?
    /// The passphrase of an encrypted private key.
    public var privateKeyPassphrase: String?
    public var trustRoots: TrustRoots
    /// Servers: whether clients must present certificates.
    public var clientAuthentication: ClientAuthentication = .required
    /// Clients: whether the server's certificate must match the name or address connected to.
    public var verifyHostname = true
    /// Session resumption; off by default so every connection authenticates in full.
    public var sessionResumption = false

    /// The KMIP Profiles' TLS 1.2 suites: the two it requires (TLS_RSA_WITH_AES_256_CBC_SHA256,
    /// TLS_RSA_WITH_AES_128_CBC_SHA256) after the ECDHE suites it permits, strongest first.
    public static let kmipTLS12CipherSuites = [
        "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-ECDSA-AES128-GCM-SHA256",
        "ECDHE-ECDSA-AES256-SHA384", "ECDHE-ECDSA-AES128-SHA256",
        "ECDHE-RSA-AES256-SHA384", "ECDHE-RSA-AES128-SHA256",
        "AES256-SHA256", "AES128-SHA256",
    ].joined(separator: ":")

    /// A server with its certificate and key that requires client certificates signed by
    /// `trustRoots` (mutual TLS).
    public static func server(
        certificateChain: PEMSource, privateKey: PEMSource, passphrase: String? = nil,
        trustRoots: TrustRoots, clientAuthentication: ClientAuthentication = .required
    ) -> TLSConfiguration {
        var configuration = TLSConfiguration(role: .server, trustRoots: trustRoots)
        configuration.certificateChain = certificateChain
        configuration.privateKey = privateKey
        configuration.privateKeyPassphrase = passphrase
        configuration.clientAuthentication = clientAuthentication
        return configuration
    }

    /// A client that trusts `trustRoots`, presenting a certificate when given one.
    public static func client(
        trustRoots: TrustRoots = .system, certificateChain: PEMSource? = nil, privateKey: PEMSource? = nil,
        passphrase: String? = nil
    ) -> TLSConfiguration {
        var configuration = TLSConfiguration(role: .client, trustRoots: trustRoots)
        configuration.certificateChain = certificateChain
        configuration.privateKey = privateKey
        configuration.privateKeyPassphrase = passphrase
        return configuration
    }

    init(role: Role, trustRoots: TrustRoots) {
        self.role = role
        self.trustRoots = trustRoots
    }
}
