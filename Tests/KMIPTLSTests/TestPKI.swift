import Foundation
import KMIPTLS

/// Certificates for the tests, made once: a CA with server and client certificates, a rogue
/// CA with its own client, and expired certificates.
struct TestPKI: Sendable {
    let ca: Credentials
    let server: Credentials
    let client: Credentials
    let rogueClient: Credentials
    let expiredServer: Credentials
    let expiredClient: Credentials
    let encryptedClient: Credentials
    /// A folder with the PEM files, for `openssl s_client`.
    let directory: URL

    static let shared: TestPKI = {
        do {
            return try TestPKI()
        } catch {
            fatalError("test PKI: \(error)")  // test setup, not input
        }
    }()

    init() throws {
        ca = try PKI.makeCA(commonName: "test-ca")
        server = try PKI.issue(commonName: "kmip-server", usage: .server, dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"], signedBy: ca)
        client = try PKI.issue(commonName: "kmip-client", usage: .client, signedBy: ca)
        let rogue = try PKI.makeCA(commonName: "rogue-ca")
        rogueClient = try PKI.issue(commonName: "rogue-client", usage: .client, signedBy: rogue)
        expiredServer = try PKI.issue(commonName: "kmip-server", usage: .server, dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"], signedBy: ca, notBeforeDays: -10, validDays: 1)
        expiredClient = try PKI.issue(commonName: "kmip-client", usage: .client, signedBy: ca, notBeforeDays: -10, validDays: 1)
        encryptedClient = try PKI.issue(commonName: "kmip-client", usage: .client, signedBy: ca, passphrase: "correct horse")
        directory = Self.folder
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: TestPKI.folder) }
        for (name, bytes) in [("ca.pem", ca.certificatePEM), ("client.pem", client.certificatePEM), ("client-key.pem", client.privateKeyPEM)] {
            try Data(bytes).write(to: directory.appendingPathComponent(name))
        }
    }

    /// This test process's folder, removed when it exits.
    private static let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kmip-tls-tests-\(getpid())")

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    func serverConfiguration(_ credentials: Credentials? = nil, minimum: TLSVersion = .v1_3, maximum: TLSVersion = .v1_3) -> TLSConfiguration {
        let identity = credentials ?? server
        var configuration = TLSConfiguration.server(
            certificateChain: .bytes(identity.certificatePEM), privateKey: .bytes(identity.privateKeyPEM),
            trustRoots: .certificates(ca.certificatePEM)
        )
        configuration.minimumVersion = minimum
        configuration.maximumVersion = maximum
        return configuration
    }

    func clientConfiguration(_ credentials: Credentials?, passphrase: String? = nil, minimum: TLSVersion = .v1_3, maximum: TLSVersion = .v1_3) -> TLSConfiguration {
        var configuration = TLSConfiguration.client(
            trustRoots: .certificates(ca.certificatePEM),
            certificateChain: credentials.map { .bytes($0.certificatePEM) }, privateKey: credentials.map { .bytes($0.privateKeyPEM) },
            passphrase: passphrase
        )
        configuration.minimumVersion = minimum
        configuration.maximumVersion = maximum
        return configuration
    }
}
