import Foundation
import KMIPTestSupport
import Testing

/// `kmip serve` as a user runs it: it makes its PKI, prints where to connect, answers the
/// client commands, and stops on SIGTERM.
@Suite struct ServeCommandTests {
    @Test func serveMakesItsPKIAndAnswersTheClient() async throws {
        let directory = RunningCommand.temporaryDirectory("kmip-serve")
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try RunningCommand(["serve", "--port", "0", "--data-dir", directory.path, "--threads", "1", "--https-port", "0"])
        defer { server.kill9() }

        let text = server.read { $0.contains("kmip versions\n") }  // the last line of the start-up banner
        #expect(text.contains("made a test PKI"))
        #expect(text.contains(/KMIP over HTTPS at https:\/\/127\.0\.0\.1:\d+\/kmip/), "\(text)")
        let port = try #require(text.firstMatch(of: /127\.0\.0\.1:(\d+)/).map { String($0.1) })
        #expect(text.contains("KMIP_CERT=\(directory.path)/pki/client.pem"))
        #expect(try eventLoopPolicies(server.process.processIdentifier) == [3], "the event loop runs under SCHED_BATCH")

        let pki = directory.appendingPathComponent("pki").path
        let environment = ["KMIP_PORT": port, "KMIP_CERT": pki + "/client.pem", "KMIP_KEY": pki + "/client-key.pem", "KMIP_CA": pki + "/ca.pem"]
        let versions = try CommandTests().run(["versions"], environment: environment)
        #expect(versions.status == 0, "\(versions.stderr)")
        #expect(versions.text.hasPrefix("2.1\n2.0\n"))
        let created = try CommandTests().run(["create", "--name", "served"], environment: environment)
        #expect(created.status == 0, "\(created.stderr)")
        let located = try CommandTests().run(["locate", "--name", "served"], environment: environment)
        #expect(located.text == created.text)

        // Key pairs and signatures, an imported HMAC key.
        let pair = try CommandTests().run(["create-key-pair", "--algorithm", "EC", "--curve", "P_256", "--json"], environment: environment)
        #expect(pair.status == 0, "\(pair.stderr)")
        let ids = try #require(try JSONSerialization.jsonObject(with: pair.stdout) as? [String: String])
        let privateKey = try #require(ids["privateKey"]), publicKey = try #require(ids["publicKey"])
        for id in [privateKey, publicKey] { #expect(try CommandTests().run(["activate", id], environment: environment).status == 0) }
        // The private key in a chosen Key Format Type, written to a file; PKCS#12 needs a
        // password the key does not have (no PKCS#12 Password Link).
        let derFile = directory.appendingPathComponent("private.p8")
        let exported = try CommandTests().run(["get", privateKey, "--format", "pkcs8", "--out", derFile.path], environment: environment)
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(exported.text.contains("key format: PKCS_8"), "\(exported.text)")
        #expect(try Data(contentsOf: derFile).first == 0x30)
        let noPassword = try CommandTests().run(["get", privateKey, "--format", "PKCS#12"], environment: environment)
        #expect(noPassword.status != 0)
        #expect(noPassword.stderr.contains("BadPassword"), "\(noPassword.stderr)")
        #expect(noPassword.stderr.split(separator: "\n").count == 1)
        let badFormat = try CommandTests().run(["get", privateKey, "--format", "Rot13"], environment: environment)
        #expect(badFormat.stderr.contains("'Rot13' is not a Key Format Type"), "\(badFormat.stderr)")

        // A PKCS#12 container the openssl command made, registered with its password and
        // given back as a container that opens with the same password.
        try OpenSSLCommand.run(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "web.key",
                                "-subj", "/CN=web", "-days", "2", "-out", "web.pem"], in: directory)
        try OpenSSLCommand.run(["pkcs12", "-export", "-inkey", "web.key", "-in", "web.pem", "-passout", "pass:open sesame", "-out", "web.p12"], in: directory)
        let withPassword = environment.merging(["KMIP_PKCS12_PASSWORD": "open sesame"]) { $1 }
        let passwordless = try CommandTests().run(["register", "--pkcs12", "--in", directory.appendingPathComponent("web.p12").path], environment: environment)
        #expect(passwordless.stderr == "Error: set KMIP_PKCS12_PASSWORD to the container's password\n", "\(passwordless.stderr)")
        let bundle = try CommandTests().run(["register", "--pkcs12", "--in", directory.appendingPathComponent("web.p12").path, "--json"], environment: withPassword)
        #expect(bundle.status == 0, "\(bundle.stderr)")
        let bundleIDs = try #require(try JSONSerialization.jsonObject(with: bundle.stdout) as? [String: String])
        let webKey = try #require(bundleIDs["uniqueIdentifier"])
        let export = directory.appendingPathComponent("export.p12")
        let exported12 = try CommandTests().run(["get", webKey, "--format", "pkcs12", "--out", export.path], environment: environment)
        #expect(exported12.status == 0, "\(exported12.stderr)")
        try OpenSSLCommand.run(["pkcs12", "-in", export.path, "-passin", "pass:open sesame", "-nodes", "-out", "export.pem"], in: directory)
        let opened = try String(contentsOf: directory.appendingPathComponent("export.pem"), encoding: .utf8)
        #expect(opened.contains("BEGIN PRIVATE KEY") && opened.contains("BEGIN CERTIFICATE"))
        let wrongPassword = try CommandTests().run(["register", "--pkcs12", "--in", directory.appendingPathComponent("web.p12").path],
                                                   environment: environment.merging(["KMIP_PKCS12_PASSWORD": "guess"]) { $1 })
        #expect(wrongPassword.stderr.contains("BadPassword"), "\(wrongPassword.stderr)")

        let document = Data("the document".utf8)
        let signed = try CommandTests().run(["sign", privateKey], stdin: document, environment: environment)
        #expect(signed.status == 0, "\(signed.stderr)")
        let signature = signed.text.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try CommandTests().run(["verify", publicKey, "--signature", signature], stdin: document, environment: environment).text == "valid\n")
        let forged = try CommandTests().run(["verify", publicKey, "--signature", signature], stdin: Data("another".utf8), environment: environment)
        #expect(forged.status == 1)
        #expect(forged.text == "invalid\n")
        let keyFile = directory.appendingPathComponent("hmac.key")
        try Data("Jefe".utf8).write(to: keyFile)
        let imported = try CommandTests().run(["register", "--in", keyFile.path, "--algorithm", "HMAC_SHA256", "--usage", "MACGenerate"], environment: environment)
        let hmacKey = imported.text.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try CommandTests().run(["activate", hmacKey], environment: environment).status == 0)
        let mac = try CommandTests().run(["mac", hmacKey], stdin: Data("what do ya want for nothing?".utf8), environment: environment)
        #expect(mac.text == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843\n", "\(mac.stderr)")

        // A Username and Password credential names the user of the certificate that owns a key.
        let fredsKey = try CommandTests().run(["create", "--username", "fred"], environment: environment.merging(["KMIP_PASSWORD": "any"]) { $1 })
        let fredsId = fredsKey.text.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try CommandTests().run(["attributes", fredsId], environment: environment.merging(["KMIP_USERNAME": "fred"]) { $1 }).status == 0)
        let barney = try CommandTests().run(["attributes", fredsId, "--username", "barney"], environment: environment)
        #expect(barney.status != 0)
        #expect(barney.stderr.contains("PermissionDenied"), "\(barney.stderr)")

        let (stopped, rest) = try await server.terminate()
        #expect(stopped, "kmip serve ignored SIGTERM")
        #expect(rest.contains("Create Success"))
        #expect(rest.contains("stopping"))
    }

    /// The scheduling policy (field 41 of /proc/PID/task/TID/stat) of each NIO event-loop thread.
    func eventLoopPolicies(_ pid: Int32) throws -> [Int] {
        let tasks = "/proc/\(pid)/task"
        return try FileManager.default.contentsOfDirectory(atPath: tasks).compactMap { thread in
            let stat = try String(contentsOfFile: "\(tasks)/\(thread)/stat", encoding: .utf8)
            // The name, in parentheses, may hold spaces: the fields after it are counted from 3.
            guard let close = stat.lastIndex(of: ")"), stat[..<close].contains("NIO-ELT") else { return nil }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return Int(fields[41 - 3])
        }
    }

    /// KMIP over HTTPS in XML and JSON, as `curl` sends it.
    @Test func httpsEndpointTakesXMLAndJSON() throws {
        let directory = RunningCommand.temporaryDirectory("kmip-https")
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try RunningCommand(["serve", "--port", "0", "--data-dir", directory.path, "--https-port", "0"])
        defer { server.kill9() }
        let text = server.read { $0.contains("kmip versions\n") }
        let port = try #require(text.firstMatch(of: /https:\/\/127\.0\.0\.1:(\d+)\/kmip/).map { String($0.1) })
        let pki = directory.appendingPathComponent("pki").path
        let example = "Vectors/examples/create-aes-key-request.xml"
        let json = try CommandTests().run(["convert", "--from", "xml", "--to", "json", example])
        #expect(json.status == 0, "\(json.stderr)")
        // The client commands over HTTPS.
        let environment = ["KMIP_PORT": port, "KMIP_CERT": pki + "/client.pem", "KMIP_KEY": pki + "/client-key.pem", "KMIP_CA": pki + "/ca.pem"]
        let versions = try CommandTests().run(["versions", "--https-path", "/kmip"], environment: environment)
        #expect(versions.text.hasPrefix("2.1\n2.0\n"), "\(versions.stderr)")
        let lost = try CommandTests().run(["versions", "--https-path", "/elsewhere"], environment: environment)
        #expect(lost.status != 0)
        #expect(lost.stderr.contains("HTTP 404"), "\(lost.stderr)")
        // The load generator POSTs its requests too.
        let bench = try CommandTests().run(["bench", "server", "--host", "127.0.0.1", "--https-path", "/kmip", "--operations", "get",
                                            "--seconds", "0.2", "--warm-up", "0", "--connections", "2"], environment: environment)
        #expect(bench.status == 0, "\(bench.stderr)")
        #expect(bench.text.contains(/Get +2 +\d+/), "\(bench.text)")

        // The same Create twice: in XML it makes the key, in JSON it finds the name taken.
        let cases = [("text/xml", try Data(contentsOf: CommandTests.root.appendingPathComponent(example)), "Success"),
                     ("application/json", json.stdout, "NonUniqueNameAttribute")]
        for (type, body, result) in cases {
            let curl = Process()
            curl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            curl.arguments = ["curl", "-s", "-w", "\nHTTP %{http_code} %{content_type}", "--cacert", pki + "/ca.pem", "--cert", pki + "/client.pem", "--key", pki + "/client-key.pem",
                              "-H", "Content-Type: \(type)", "--data-binary", "@-", "https://127.0.0.1:\(port)/kmip"]
            let input = Pipe(), output = Pipe()
            curl.standardInput = input
            curl.standardOutput = output
            try curl.run()
            input.fileHandleForWriting.write(body)
            try input.fileHandleForWriting.close()
            let answer = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            curl.waitUntilExit()
            #expect(answer.hasSuffix("HTTP 200 \(type)"), "\(type): \(answer)")
            #expect(answer.contains(result), "\(type): \(answer)")
        }
    }

    /// The load generator reads every answer: a refused request stops it with the server's reason.
    @Test func benchServerReportsARefusedRequest() throws {
        let directory = RunningCommand.temporaryDirectory("kmip-bench")
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try RunningCommand(["serve", "--port", "0", "--data-dir", directory.path, "--max-message-bytes", "1024"])
        defer { server.kill9() }
        let text = server.read { $0.contains("kmip versions\n") }
        let port = try #require(text.firstMatch(of: /127\.0\.0\.1:(\d+)/).map { String($0.1) })
        let pki = directory.appendingPathComponent("pki").path
        let environment = ["KMIP_PORT": port, "KMIP_CERT": pki + "/client.pem", "KMIP_KEY": pki + "/client-key.pem", "KMIP_CA": pki + "/ca.pem"]
        // Encrypt's 1 KiB request is over the server's limit. (Without a host the bench starts its own server.)
        let bench = try CommandTests().run(["bench", "server", "--host", "127.0.0.1", "--operations", "encrypt", "--seconds", "0.2", "--warm-up", "0", "--connections", "2"],
                                           environment: environment)
        #expect(bench.status != 0)
        #expect(bench.stderr.contains("Encrypt failed: InvalidMessage"), "\(bench.stderr)")
    }

    @Test func certificateFilesComeTogether() throws {
        let result = try CommandTests().run(["serve", "--cert", "server.pem"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("give --cert, --key and --ca together"))
    }

    @Test func limitsMustBePositive() throws {
        let limits = [("--max-connections", "--max-connections must be at least 1"), ("--max-locate-items", "--max-locate-items must be at least 1"),
                      ("--threads", "--threads must be 1 to 256")]
        for (flag, message) in limits {
            let result = try CommandTests().run(["serve", flag, "0"])
            #expect(result.status != 0)
            #expect(result.stderr.contains(message), "\(result.stderr)")
        }
    }
}

@Suite struct DurableServeTests {
    /// Starts `kmip serve --sqlite` and returns it with its port.
    func start(_ directory: URL) throws -> (RunningCommand, String) {
        let server = try RunningCommand(["serve", "--port", "0", "--data-dir", directory.path, "--sqlite"])
        let text = server.read { $0.contains("listening on") }
        let port = text.firstMatch(of: /127\.0\.0\.1:(\d+)/).map { String($0.1) } ?? "0"
        return (server, port)
    }

    /// Objects whose Create was answered survive kill -9 of the server.
    @Test func acknowledgedObjectsSurviveKill9() async throws {
        let directory = RunningCommand.temporaryDirectory("kmip-durable")
        defer { try? FileManager.default.removeItem(at: directory) }
        let (first, port) = try start(directory)
        let pki = directory.appendingPathComponent("pki").path
        func environment(_ port: String) -> [String: String] {
            ["KMIP_PORT": port, "KMIP_CERT": pki + "/client.pem", "KMIP_KEY": pki + "/client-key.pem", "KMIP_CA": pki + "/ca.pem"]
        }
        var created: [String] = []
        for index in 0..<5 {
            let result = try CommandTests().run(["create", "--name", "durable-\(index)"], environment: environment(port))
            #expect(result.status == 0, "\(result.stderr)")
            created.append(result.text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        first.kill9()

        let (second, newPort) = try start(directory)
        defer { second.kill9() }
        let located = try CommandTests().run(["locate", "--type", "SymmetricKey"], environment: environment(newPort))
        #expect(located.status == 0, "\(located.stderr)")
        #expect(Set(located.text.split(separator: "\n").map(String.init)) == Set(created))
        let got = try CommandTests().run(["get", created[0]], environment: environment(newPort))
        #expect(got.text.contains("key material: 32 bytes"))
    }
}
