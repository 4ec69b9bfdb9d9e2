import Foundation
import KMIPCrypto
import Testing
import VaultTransit

/// `kmip vault-mock` as a user runs it: it makes its PKI, prints the export block, serves a
/// Vault client over TLS, never logs the token, and stops on SIGTERM.
@Suite struct VaultMockCommandTests {
    @Test func vaultMockPrintsExportsAndServesTheClient() async throws {
        let directory = RunningCommand.temporaryDirectory("kmip-vault-mock")
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try RunningCommand(["vault-mock", "--port", "0", "--data-dir", directory.path, "--transit-key", "weka-key", "--approle", "weka-role"])
        defer { server.kill9() }
        let text = server.read { $0.contains("VAULT_SECRET_ID=") && $0.hasSuffix("\n") }
        #expect(text.contains("made a test PKI"))
        func value(_ name: String) throws -> String {
            try #require(text.firstMatch(of: Regex("\(name)=([^ \n]+)"))?.output[1].substring.map(String.init))
        }
        let address = try value("VAULT_ADDR"), token = try value("VAULT_TOKEN"), caFile = try value("VAULT_CACERT")
        #expect(address.hasPrefix("https://127.0.0.1:"))
        #expect(caFile == directory.appendingPathComponent("pki/ca.pem").standardizedFileURL.path)

        let admin = try VaultClient(configuration: VaultConfiguration(address: address, authentication: .token(token), caFile: caFile))
        let wrapped = try await admin.encrypt(key: "weka-key", plaintext: [1, 2, 3])
        #expect(try await admin.rotateKey("weka-key").latestVersion == 2)
        let app = try VaultClient(configuration: VaultConfiguration(
            address: address, authentication: .appRole(roleID: try value("VAULT_ROLE_ID"), secretID: try value("VAULT_SECRET_ID")), caFile: caFile))
        #expect(try await app.decrypt(key: "weka-key", ciphertext: wrapped.ciphertext) == SecretBytes([1, 2, 3]))
        let denied = await #expect(throws: VaultError.self) { try await app.rotateKey("weka-key") }
        #expect(denied?.code == .permissionDenied)
        await admin.shutdown()
        await app.shutdown()

        let (stopped, rest) = try await server.terminate()
        #expect(stopped, "kmip vault-mock ignored SIGTERM")
        #expect(rest.contains("vault-mock: 200 POST /v1/transit/encrypt/weka-key"))
        #expect(rest.contains("vault-mock: 403 POST /v1/transit/keys/weka-key/rotate"))
        #expect(!rest.contains(token))
        #expect(rest.contains("stopping"))
    }

    @Test func vaultMockRejectsAnAppRoleWithoutKeys() throws {
        let result = try CommandTests().run(["vault-mock", "--approle", "weka-role"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--approle needs at least one --transit-key"))
    }
}
