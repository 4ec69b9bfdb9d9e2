import ArgumentParser
import Foundation
import KMIPTLS
import VaultTransit

/// `kmip vault-mock`: the mock Vault transit server.
struct VaultMockCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vault-mock",
        abstract: "Run a mock HashiCorp Vault (transit engine, tokens, AppRole, namespaces, policies) over TLS on loopback.",
        discussion: """
            Makes a test PKI in DATA-DIR/pki on first start (as `kmip serve` does) unless --cert \
            and --key are given, creates a root token, the transit keys named by --transit-key \
            and, with --approle, an AppRole whose tokens carry WEKA's weka_policy.hcl for those \
            keys. Then it prints a ready-to-paste `export VAULT_ADDR=... VAULT_TOKEN=... \
            VAULT_CACERT=...` block. The token and secret ID are test credentials, printed once \
            here and never in the request log. State is in memory. Stops on SIGINT or SIGTERM.

            Examples:
              kmip vault-mock --transit-key weka-key
              kmip vault-mock --port 0 --transit-key weka-key --approle weka-role --namespace tenant-a
              kmip vault-mock --plaintext --port 8200
            """
    )

    @Option(help: "Port to listen on (127.0.0.1); 0 picks a free one (printed).") var port = 8200
    @Option(help: "Folder for the test PKI.") var dataDir = ".vault-mock"
    @Option(help: "Server certificate (PEM), with --key, instead of the test PKI.") var cert: String?
    @Option(help: "Server private key (PEM).") var key: String?
    @Option(name: .customLong("transit-key"), help: "Create this aes256-gcm96 transit key (repeatable).") var transitKeys: [String] = []
    @Option(help: "Create this AppRole (policy `weka`: WEKA's weka_policy.hcl for the transit keys) and print its IDs.") var approle: String?
    @Option(help: "Create this namespace and put the keys, policy and AppRole in it.") var namespace: String?
    @Flag(help: "Serve plain HTTP instead of TLS. Only for tests on loopback.") var plaintext = false
    @Flag(help: "Do not log one line per request.") var quiet = false

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
        guard (cert == nil) == (key == nil) else { throw ValidationError("give --cert and --key together, or neither (a test PKI is made)") }
        guard !plaintext || cert == nil else { throw ValidationError("--plaintext takes no --cert or --key") }
        for name in transitKeys + [approle, namespace].compactMap({ $0 }) where name.isEmpty || name.contains(where: { $0.isWhitespace || $0 == "\"" }) {
            throw ValidationError("`\(name)` is not a usable name (empty, or has spaces or quotes)")
        }
        if approle != nil, transitKeys.isEmpty { throw ValidationError("--approle needs at least one --transit-key for its policy") }
    }

    func run() async throws {
        var configuration = MockVaultServer.Configuration(tls: nil)
        configuration.port = port
        var caFile: String?
        if plaintext {
            configuration.allowPlaintext = true
        } else if let cert, let key {
            configuration.tls = TLSConfiguration.server(certificateChain: .file(cert), privateKey: .file(key), trustRoots: .system, clientAuthentication: .none)
        } else {
            let pki = PKIFiles(directory: (dataDir as NSString).appendingPathComponent("pki"))
            if try pki.makeTestPKIIfMissing() { say("kmip vault-mock: made a test PKI in \(pki.directory)") }
            configuration.tls = TLSConfiguration.server(
                certificateChain: .file(pki.serverCertificate), privateKey: .file(pki.serverKey), trustRoots: .system, clientAuthentication: .none)
            caFile = URL(fileURLWithPath: pki.caCertificate).standardizedFileURL.path
        }
        configuration.tls?.minimumVersion = .v1_2
        let log: (@Sendable (String) -> Void)? = quiet ? nil : { @Sendable line in say(line) }
        let mock = try await MockVaultServer.start(configuration: configuration, log: log)
        let space = namespace ?? ""
        if let namespace { mock.createNamespace(namespace) }
        for name in transitKeys { try mock.createKey(name, namespace: space) }
        var appRoleLine = ""
        if let approle {
            try mock.writePolicy("weka", hcl: Self.wekaPolicy(keys: transitKeys), namespace: space)
            let ids = try mock.createAppRole(approle, .init(policies: ["weka"], namespace: space))
            appRoleLine = "export VAULT_ROLE_ID=\(ids.roleID) VAULT_SECRET_ID=\(ids.secretID)"
        }
        let token = mock.makeRootToken(namespace: space)
        say("kmip vault-mock: listening on \(mock.address) (\(plaintext ? "PLAINTEXT, no TLS" : "TLS"))"
            + (transitKeys.isEmpty ? "" : "; transit keys: \(transitKeys.joined(separator: ", "))"))
        say("kmip vault-mock: test credentials for this run (shown once):")
        var exports = "export VAULT_ADDR=\(mock.address) VAULT_TOKEN=\(token)"
        if let caFile { exports += " VAULT_CACERT=\(caFile)" }
        if let namespace { exports += " VAULT_NAMESPACE=\(namespace)" }
        say(exports)
        if !appRoleLine.isEmpty { say(appRoleLine) }
        await Serve.waitForSignal()
        say("kmip vault-mock: stopping")
        await mock.stop()
    }

    /// WEKA's `weka_policy.hcl`, for each key.
    static func wekaPolicy(keys: [String]) -> String {
        keys.map { key in
            """
            path "transit/+/\(key)" {
              capabilities = ["read", "create", "update"]
            }
            path "transit/keys/\(key)" {
              capabilities = ["read"]
            }
            """
        }.joined(separator: "\n")
    }
}
