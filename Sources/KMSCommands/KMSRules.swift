import Foundation

/// WEKA's rules for `kms set` (R1-R7, D7, D12 in the reference) and the small parsers they need.
enum KMSRules {
    /// Vault namespaces WEKA and Vault reserve (R6).
    static let reservedNamespaces: Set<String> = ["root", "sys", "audit", "auth", "cubbyhole", "identity", ".", ".."]

    /// What `kms set` was given, before validation.
    struct SetArguments: Sendable {
        var type: String
        var address: String
        var keyIdentifier: String
        var token: String?
        var namespace: String?
        var clientCert: String?
        var clientKey: String?
        var caCert: String?
        var roleID: String?
        var secretID: String?
    }

    /// The configuration `set` would save, or the first rule it breaks.
    static func configuration(_ arguments: SetArguments, environment: [String: String] = ProcessInfo.processInfo.environment) throws(KMSError) -> KMSConfiguration {
        guard let type = KMSType(rawValue: arguments.type) else {
            throw KMSError("the KMS type must be vault or kmip, not '\(arguments.type)'")
        }
        try identifier(arguments.keyIdentifier, "key identifier")
        let secretID = arguments.secretID ?? (arguments.roleID != nil ? environment["KMS_SECRET_ID"] : nil)
        var configuration = KMSConfiguration(type: type, address: arguments.address, keyIdentifier: arguments.keyIdentifier)
        switch type {
        case .kmip:
            if arguments.token != nil { throw KMSError("--token is for vault only; kmip authenticates with --client-cert and --client-key") }
            if arguments.roleID != nil || arguments.secretID != nil { throw KMSError("--role-id and --secret-id are for vault only") }
            if arguments.namespace != nil { throw KMSError("--namespace is for vault only") }
            guard let certificate = arguments.clientCert, let key = arguments.clientKey else {
                throw KMSError("kmip needs --client-cert and --client-key")
            }
            _ = try kmipEndpoint(arguments.address)
            configuration.clientCertificate = try read(certificate, "client certificate")
            configuration.clientKey = try read(key, "client key")
            configuration.caCertificate = try arguments.caCert.map { (path) throws(KMSError) in try read(path, "CA certificate") }
        case .vault:
            if arguments.clientCert != nil || arguments.clientKey != nil { throw KMSError("--client-cert and --client-key are for kmip only") }
            try vaultURL(arguments.address)
            if arguments.token != nil, arguments.roleID != nil || secretID != nil {
                throw KMSError("give either --token or --role-id and --secret-id, not both")
            }
            if (arguments.roleID == nil) != (secretID == nil) {
                throw KMSError("--role-id and --secret-id go together (the secret ID may come from KMS_SECRET_ID)")
            }
            if arguments.token == nil, arguments.roleID == nil { throw KMSError("vault needs --token, or --role-id and --secret-id") }
            if let token = arguments.token { try identifier(token, "token") }
            if let role = arguments.roleID, let secret = secretID {
                try identifier(role, "role ID")
                try identifier(secret, "secret ID")
            }
            if let namespace = arguments.namespace {
                try validateNamespace(namespace)
                if arguments.roleID == nil { throw KMSError("a namespace needs AppRole authentication (--role-id and --secret-id)") }
            }
            configuration.token = arguments.token
            configuration.roleID = arguments.roleID
            configuration.secretID = secretID
            configuration.namespace = arguments.namespace
            configuration.caCertificate = try arguments.caCert.map { (path) throws(KMSError) in try read(path, "CA certificate") }
        }
        return configuration
    }

    /// Non-empty and without whitespace; UUID syntax is not required (D12: WEKA's own
    /// examples are not valid UUIDs).
    static func identifier(_ value: String, _ what: String) throws(KMSError) {
        guard !value.isEmpty else { throw KMSError("the \(what) is empty") }
        guard !value.contains(where: { $0.isWhitespace || $0.isNewline }) else { throw KMSError("the \(what) contains whitespace") }
    }

    /// R6: no trailing `/`, no spaces, no reserved name as a path component.
    static func validateNamespace(_ namespace: String) throws(KMSError) {
        guard !namespace.isEmpty else { throw KMSError("the namespace is empty") }
        guard !namespace.hasSuffix("/") else { throw KMSError("the namespace '\(namespace)' must not end with /") }
        guard !namespace.contains(where: \.isWhitespace) else { throw KMSError("the namespace '\(namespace)' contains whitespace") }
        for component in namespace.split(separator: "/", omittingEmptySubsequences: false) {
            if component.isEmpty { throw KMSError("the namespace '\(namespace)' has an empty path component") }
            if reservedNamespaces.contains(String(component)) { throw KMSError("'\(component)' is a reserved Vault namespace name") }
        }
    }

    /// R2 for kmip: `hostname:port` (port 5696 when left out), no URL scheme.
    static func kmipEndpoint(_ address: String) throws(KMSError) -> (host: String, port: Int) {
        guard !address.contains("://") else { throw KMSError("a kmip address is hostname:port, without a URL scheme ('\(address)')") }
        var host = Substring(address)
        var portText: Substring?
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { throw KMSError("the kmip address '\(address)' has an unclosed [") }
            let rest = host[host.index(after: close)...]
            host = host[host.index(after: host.startIndex)..<close]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { throw KMSError("the kmip address '\(address)' is not hostname:port") }
                portText = rest.dropFirst()
            }
        } else if let colon = host.lastIndex(of: ":") {
            portText = host[host.index(after: colon)...]
            host = host[..<colon]
        }
        guard !host.isEmpty, !host.contains(where: { $0.isWhitespace || $0 == "/" }) else {
            throw KMSError("the kmip address '\(address)' is not hostname:port")
        }
        if !address.hasPrefix("["), host.contains(":") { throw KMSError("write an IPv6 kmip address in brackets: [address]:port") }
        guard let portText else { return (String(host), 5696) }
        guard let port = Int(portText), (1...65_535).contains(port) else {
            throw KMSError("the port in the kmip address '\(address)' must be 1 to 65535")
        }
        return (String(host), port)
    }

    /// R2 for vault: an `https://` URL with a host (no plaintext Vault).
    static func vaultURL(_ address: String) throws(KMSError) {
        guard let url = URL(string: address), url.scheme?.lowercased() == "https",
              let host = url.host, !host.isEmpty else {
            throw KMSError("a vault address is an https URL such as https://vault.example.com:8200, not '\(address)'")
        }
    }

    /// A filesystem name: 1 to 64 letters, digits, `.`, `_` or `-`.
    static func filesystemName(_ name: String) throws(KMSError) {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "._-"))
        guard (1...64).contains(name.count), name.unicodeScalars.allSatisfy({ allowed.contains($0) && $0.isASCII }) else {
            throw KMSError("a filesystem name is 1 to 64 letters, digits, '.', '_' or '-', not '\(name)'")
        }
    }

    private static func read(_ path: String, _ what: String) throws(KMSError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path), !data.isEmpty else {
            throw KMSError("cannot read the \(what) file \(path)")
        }
        return Array(data)
    }
}
