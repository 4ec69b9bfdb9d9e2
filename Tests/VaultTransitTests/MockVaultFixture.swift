import Foundation
import KMIPTLS
import VaultTransit

/// A mock Vault on 127.0.0.1 over TLS, with a test PKI whose CA is a real file (as a user
/// would pass it), and clients configured for it.
enum MockVaultFixture {
    struct PKIFiles: Sendable {
        let directory: URL
        let caFile: String
        let server: Credentials
    }

    static let pki: PKIFiles = {
        do {
            let ca = try PKI.makeCA(commonName: "vault-test CA")
            let server = try PKI.issue(commonName: "localhost", usage: .server, dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"], signedBy: ca)
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vault-tests-\(getpid())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            // Removed when the test process exits.
            atexit { try? FileManager.default.removeItem(at: MockVaultFixture.pki.directory) }
            let caFile = directory.appendingPathComponent("ca.pem")
            try Data(ca.certificatePEM).write(to: caFile)
            return PKIFiles(directory: directory, caFile: caFile.path, server: server)
        } catch {
            fatalError("test PKI: \(error)")  // test setup
        }
    }()

    /// Runs `body` with a fresh mock (one transit key `weka-key`), then stops it.
    static func withMock(_ body: (MockVaultServer) async throws -> Void) async throws {
        let tls = TLSConfiguration.server(
            certificateChain: .bytes(pki.server.certificatePEM), privateKey: .bytes(pki.server.privateKeyPEM),
            trustRoots: .system, clientAuthentication: .none)
        let mock = try await MockVaultServer.start(configuration: MockVaultServer.Configuration(tls: tls))
        do {
            try mock.createKey("weka-key")
            try await body(mock)
        } catch {
            await mock.stop()
            throw error
        }
        await mock.stop()
    }

    /// A client of `mock` trusting the test CA file.
    static func client(
        _ mock: MockVaultServer, _ authentication: VaultConfiguration.Authentication, namespace: String? = nil,
        configure: (inout VaultConfiguration) -> Void = { _ in }
    ) throws -> VaultClient {
        var configuration = VaultConfiguration(address: mock.address, authentication: authentication, caFile: pki.caFile, namespace: namespace)
        configuration.retryBaseDelay = .milliseconds(20)
        configure(&configuration)
        return try VaultClient(configuration: configuration)
    }
}

/// Collects warnings a client reports.
final class WarningLog: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    func add(_ line: String) {
        lock.lock()
        lines.append(line)
        lock.unlock()
    }

    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return lines
    }
}
