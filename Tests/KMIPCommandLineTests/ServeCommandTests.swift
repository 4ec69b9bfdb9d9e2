import Foundation
import Testing

/// `kmip serve` as a user runs it: it makes its PKI, prints where to connect, answers the
/// client commands, and stops on SIGTERM.
@Suite struct ServeCommandTests {
    @Test func serveMakesItsPKIAndAnswersTheClient() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kmip-serve-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = Process()
        server.executableURL = CommandTests.binary
        server.arguments = ["serve", "--port", "0", "--data-dir", directory.path]
        let output = Pipe()
        server.standardOutput = output
        server.standardError = output
        try server.run()
        defer { kill(server.processIdentifier, SIGKILL) }

        var text = ""
        while !text.contains("listening on") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        #expect(text.contains("made a test PKI"))
        let port = try #require(text.firstMatch(of: /127\.0\.0\.1:(\d+)/).map { String($0.1) })
        #expect(text.contains("KMIP_CERT=\(directory.path)/pki/client.pem"))

        let pki = directory.appendingPathComponent("pki").path
        let environment = ["KMIP_PORT": port, "KMIP_CERT": pki + "/client.pem", "KMIP_KEY": pki + "/client-key.pem", "KMIP_CA": pki + "/ca.pem"]
        let versions = try CommandTests().run(["versions"], environment: environment)
        #expect(versions.status == 0, "\(versions.stderr)")
        #expect(versions.text.hasPrefix("2.1\n2.0\n"))
        let created = try CommandTests().run(["create", "--name", "served"], environment: environment)
        #expect(created.status == 0, "\(created.stderr)")
        let located = try CommandTests().run(["locate", "--name", "served"], environment: environment)
        #expect(located.text == created.text)

        kill(server.processIdentifier, SIGTERM)
        for _ in 0..<50 where server.isRunning { try await Task.sleep(for: .milliseconds(100)) }
        #expect(!server.isRunning, "kmip serve ignored SIGTERM")
        let rest = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        #expect(rest.contains("Create Success"))
        #expect(rest.contains("stopping"))
    }

    @Test func certificateFilesComeTogether() throws {
        let result = try CommandTests().run(["serve", "--cert", "server.pem"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("give --cert, --key and --ca together"))
    }
}
