import Foundation
import KMIPTestSupport
import Testing

/// The client subcommands, run as a user would, against PyKMIP's server.
@Suite(.serialized, .enabled(if: PyKMIPServer.isAvailable, "PyKMIP is not installed (pip install pykmip)"))
struct ClientCommandTests {
    func run(_ server: PyKMIPServer, _ arguments: [String], stdin: Data? = nil) throws -> CommandTests.Result {
        let environment = [
            "KMIP_HOST": "127.0.0.1", "KMIP_PORT": String(server.port),
            "KMIP_CERT": server.directory.appendingPathComponent("client.pem").path,
            "KMIP_KEY": server.directory.appendingPathComponent("client-key.pem").path,
            "KMIP_CA": server.directory.appendingPathComponent("ca.pem").path,
        ]
        return try CommandTests().run(arguments + ["--tls12"], stdin: stdin, environment: environment)
    }

    @Test func keyLifecycleFromTheCommandLine() throws {
        let server = try PyKMIPServer()
        defer { server.stop() }
        let versions = try run(server, ["versions"])
        #expect(versions.status == 0, "\(versions.stderr)")
        #expect(versions.text.hasPrefix("2.0\n"))

        let created = try run(server, ["create", "--algorithm", "AES", "--length", "256", "--usage", "Encrypt,Decrypt", "--name", "cli-test"])
        #expect(created.status == 0, "\(created.stderr)")
        let identifier = created.text.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!identifier.isEmpty)

        let located = try run(server, ["locate", "--name", "cli-test", "--json"])
        let json = try JSONSerialization.jsonObject(with: located.stdout) as? [String: Any]
        #expect(json?["uniqueIdentifiers"] as? [String] == [identifier])

        let got = try run(server, ["get", identifier])
        #expect(got.text.contains("key material: 32 bytes"))
        #expect(!got.text.contains("key material: 0"))
        let shown = try run(server, ["get", identifier, "--json", "--show-key"])
        let key = try JSONSerialization.jsonObject(with: shown.stdout) as? [String: Any]
        #expect((key?["keyMaterial"] as? String)?.count == 64)

        #expect(try run(server, ["activate", identifier]).status == 0)
        let plaintext = Data("secret from stdin".utf8)
        let encrypted = try run(server, ["encrypt", identifier, "--json"], stdin: plaintext)
        let fields = try JSONSerialization.jsonObject(with: encrypted.stdout) as? [String: Any]
        let ciphertext = try #require(fields?["ciphertext"] as? String)
        let iv = try #require(fields?["iv"] as? String)
        let bytes = Data(stride(from: 0, to: ciphertext.count, by: 2).map { UInt8(ciphertext.dropFirst($0).prefix(2), radix: 16)! })
        let decrypted = try run(server, ["decrypt", identifier, "--iv", iv], stdin: bytes)
        #expect(decrypted.stdout == plaintext, "\(decrypted.stderr)")

        #expect(try run(server, ["revoke", identifier, "--reason", "CessationOfOperation"]).status == 0)
        #expect(try run(server, ["destroy", identifier]).status == 0)
        let gone = try run(server, ["get", identifier])
        #expect(gone.status != 0)
        #expect(gone.stderr.hasPrefix("Error: KMIP operationFailed (Get)"), "\(gone.stderr)")
        #expect(gone.stderr.split(separator: "\n").count == 1)
    }

    @Test func badSettingsAreOneLineErrors() throws {
        let server = try PyKMIPServer()
        defer { server.stop() }
        let noVersion = try run(server, ["versions", "--kmip-version", "9.9"])
        #expect(noVersion.status != 0)
        #expect(noVersion.stderr.contains("unknown KMIP version"))
        let badName = try run(server, ["create", "--algorithm", "Rot13"])
        #expect(badName.status != 0)
        #expect(badName.stderr.contains("'Rot13' is not a Cryptographic Algorithm"))
    }
}
