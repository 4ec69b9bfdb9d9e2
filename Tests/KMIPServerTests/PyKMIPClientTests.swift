import Foundation
import KMIPServer
import KMIPTestSupport
import KMIPTLS
import Testing

/// PyKMIP's client (`Tools/interop/pykmip_client_suite.py`) against the mock server.
@Suite(.serialized, .enabled(if: PyKMIPServer.isAvailable, "PyKMIP is not installed (pip install pykmip)"))
struct PyKMIPClientTests {
    @Test(arguments: ["1.2", "1.4", "2.0"])
    func pykmipClientOperationsPass(_ version: String) async throws {
        let python = try #require(PyKMIPServer.python, "PyKMIP is not importable (see .ci/run)")
        let ca = try PKI.makeCA(commonName: "pykmip-client-test CA")
        let server = try PKI.issue(commonName: "localhost", usage: .server, dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"], signedBy: ca)
        let client = try PKI.issue(commonName: "pykmip-client", usage: .client, signedBy: ca)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kmip-pyclient-\(getpid())-\(version)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, bytes) in [("ca.pem", ca.certificatePEM), ("client.pem", client.certificatePEM), ("client-key.pem", client.privateKeyPEM)] {
            try Data(bytes).write(to: directory.appendingPathComponent(name))
        }
        var tls = TLSConfiguration.server(certificateChain: .bytes(server.certificatePEM), privateKey: .bytes(server.privateKeyPEM), trustRoots: .certificates(ca.certificatePEM))
        tls.minimumVersion = .v1_2
        var configuration = MockKMIPServer.Configuration(tls: tls)
        configuration.port = 0
        let running = try await MockKMIPServer.start(configuration: configuration)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, PyKMIPServer.root.appendingPathComponent("Tools/interop/pykmip_client_suite.py").path,
                             "--port", String(running.port), "--pki", directory.path, "--version", version]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        await running.stop()
        let results = try #require(try JSONSerialization.jsonObject(with: data) as? [String: String], "\(String(decoding: data, as: UTF8.self))")
        print("PyKMIP client \(version) against swift-kmip: " + results.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: "; "))
        #expect(results.count == (version == "2.0" ? 20 : 19))
        for (operation, result) in results {
            #expect(result == "pass", "\(operation): \(result)")
        }
    }
}
