import Foundation
import KMIPTestSupport
import Testing

/// Runs the built `kmip` executable the way a user does, and checks output and exit status.
@Suite struct CommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `kmip` binary beside the test bundle.
    static var binary: URL { BuiltExecutable.url("kmip", root: root) }

    struct Result {
        var status: Int32
        var stdout: Data
        var stderr: String
        var text: String { String(decoding: stdout, as: UTF8.self) }
    }

    func run(_ arguments: [String], stdin: Data? = nil, environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.currentDirectoryURL = Self.root
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: stdout, stderr: String(decoding: stderr, as: UTF8.self))
    }

    let example = "Vectors/examples/create-aes-key.xml"

    @Test func xmlToHexGivesOneLinePerMessageAndBack() throws {
        let hex = try run(["convert", "--from", "xml", "--to", "hex", example])
        #expect(hex.status == 0, "\(hex.stderr)")
        let lines = hex.text.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("42007801"))
        #expect(lines[1].hasPrefix("42007b01"))
        let xml = try run(["convert", "--from", "hex", "--to", "xml", "-"], stdin: hex.stdout)
        #expect(xml.status == 0, "\(xml.stderr)")
        #expect(xml.text.hasPrefix("<KMIP>\n  <RequestMessage>"))
        #expect(xml.text.contains(#"<CryptographicUsageMask type="Integer" value="Encrypt Decrypt"/>"#))
        let again = try run(["convert", "--from", "xml", "--to", "hex", "-"], stdin: xml.stdout)
        #expect(again.stdout == hex.stdout)
    }

    @Test func jsonAndBinaryRoundTrip() throws {
        let json = try run(["convert", "--from", "xml", "--to", "json", example])
        #expect(json.status == 0)
        #expect(json.text.hasPrefix("[\n"))
        let binary = try run(["convert", "--from", "json", "--to", "ttlv", "-"], stdin: json.stdout)
        #expect(binary.status == 0, "\(binary.stderr)")
        #expect(binary.stdout.first == 0x42)
        let hex = try run(["convert", "--from", "ttlv", "--to", "hex", "-"], stdin: binary.stdout)
        let direct = try run(["convert", "--from", "xml", "--to", "hex", example])
        #expect(hex.stdout == direct.stdout)
    }

    @Test func placeholdersAreReplacedAndReported() throws {
        let xml = #"<RequestMessage><TimeStamp type="DateTime" value="$NOW-60"/></RequestMessage>"#
        let hex = try run(["convert", "--from", "xml", "--to", "hex", "--now", "1970-01-01T00:01:40Z", "-"], stdin: Data(xml.utf8))
        #expect(hex.status == 0)
        #expect(hex.text == "420078010000001042009209000000080000000000000028\n")
        #expect(hex.stderr.contains("replaced 1 placeholder"))
        let strict = try run(["convert", "--from", "xml", "--to", "hex", "--strict-placeholders", "-"], stdin: Data(xml.utf8))
        #expect(strict.status != 0)
        #expect(strict.stderr.contains("placeholder $NOW-60"))
    }

    @Test func showPrintsATreeAndRedactsKeys() throws {
        let xml = """
            <ResponseMessage><BatchItem><ResponsePayload><SymmetricKey><KeyBlock>
            <KeyFormatType type="Enumeration" value="Raw"/>
            <KeyValue><KeyMaterial type="ByteString" value="000102030405060708090a0b0c0d0e0f"/></KeyValue>
            </KeyBlock></SymmetricKey></ResponsePayload></BatchItem></ResponseMessage>
            """
        let binary = try run(["convert", "--from", "xml", "--to", "ttlv", "-"], stdin: Data(xml.utf8))
        let shown = try run(["show", "-"], stdin: binary.stdout)
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.text.contains("ResponseMessage\n  BatchItem\n    ResponsePayload\n"))
        #expect(shown.text.contains("KeyFormatType (Enumeration): Raw"))
        #expect(shown.text.contains("KeyMaterial (ByteString): <redacted>"))
        #expect(!shown.text.contains("000102030405"))
        let secrets = try run(["show", "--show-secrets", "-"], stdin: binary.stdout)
        #expect(secrets.text.contains("000102030405060708090a0b0c0d0e0f (16 bytes)"))
    }

    @Test func errorsAreOneLineWithNonZeroExit() throws {
        let cases: [([String], Data?, String)] = [
            (["convert", "--from", "xml", "--to", "hex", "-"], Data("<RequestMessage><Nope type=\"Integer\" value=\"1\"/></RequestMessage>".utf8), "unknownTag"),
            (["convert", "--from", "hex", "--to", "xml", "-"], Data("42007801000000".utf8), "needs"),
            (["convert", "--from", "hex", "--to", "xml", "-"], Data("zz".utf8), "not hex"),
            (["convert", "--from", "ttlv", "--to", "xml", "no-such-file"], nil, "cannot read no-such-file"),
            (["convert", "--from", "yaml", "--to", "xml", "-"], nil, "yaml"),
            (["show", "-"], Data([0x42, 0x00, 0x78, 0x01, 0xFF, 0xFF, 0xFF, 0xF8]), "messageTooLarge"),
        ]
        for (arguments, stdin, expected) in cases {
            let result = try run(arguments, stdin: stdin)
            #expect(result.status != 0, "\(arguments)")
            #expect(result.stderr.contains(expected), "\(arguments): \(result.stderr)")
            #expect(result.stdout.isEmpty, "\(arguments)")
        }
    }

    /// The load generator against the in-process server over mutual TLS: a row per operation
    /// and connection count, each with round trips measured.
    @Test func benchServerMeasuresEveryOperation() throws {
        let result = try run(["bench", "server", "--seconds", "0.2", "--connections", "1,3"])
        let overHTTPS = try run(["bench", "server", "--https-path", "/kmip", "--operations", "get", "--seconds", "0.2", "--connections", "1"])
        #expect(overHTTPS.text.contains("HTTPS POST /kmip") && overHTTPS.text.contains(/Get +1 +\d+/), "\(overHTTPS.text)\(overHTTPS.stderr)")
        #expect(result.status == 0, "\(result.stderr)")
        let rows = result.text.split(separator: "\n").map { $0.split(separator: " ") }.filter { ["Create", "Get", "Encrypt"].contains($0.first) }
        #expect(rows.map { "\($0[0]) \($0[1])" } == ["Create 1", "Get 1", "Encrypt 1", "Create 3", "Get 3", "Encrypt 3"], "\(result.text)")
        for row in rows {
            #expect((Double(row[2]) ?? 0) > 0, "\(row)")
            #expect((Double(row[4]) ?? 0) >= (Double(row[3]) ?? .infinity), "p99 below p50: \(row)")
        }
    }

    /// With --rate the load is an open loop: the connections together send the offered rate,
    /// not as many requests as the server answers (here far more than 200 a second).
    @Test func benchServerOffersAFixedRate() throws {
        let result = try run(["bench", "server", "--operations", "get", "--seconds", "1", "--connections", "4", "--rate", "200"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.text.contains("open loop: 200 requests/s offered"), "\(result.text)")
        let row = result.text.split(separator: "\n").map { $0.split(separator: " ") }.first { $0.first == "Get" }
        let rate = row.flatMap { Double($0[2]) } ?? 0
        #expect((190...210).contains(rate), "\(result.text)")
        let refused = try run(["bench", "server", "--rate", "0"])
        #expect(refused.status != 0 && refused.stderr.contains("--rate must be"), "\(refused.stderr)")
    }

    /// The commands that start their own server refuse the flags that name another one, rather
    /// than measure or test something the user did not mean.
    @Test func inProcessServersRefuseTargetFlags() throws {
        let bench = try run(["bench", "server", "--port", "5696", "--cert", "client.pem"])
        #expect(bench.status != 0 && bench.stderr.contains("--port, --cert name a server to reach, but without --host"), "\(bench.stderr)")
        let test = try run(["test", "--self", "--ca", "ca.pem", "Vectors/harness"])
        #expect(test.status != 0 && test.stderr.contains("--ca names a server to reach, but --self"), "\(test.stderr)")
    }
}

@Suite struct PKICommandTests {
    @Test func initMakesAVerifiablePKI() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kmip-pki-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tests = CommandTests()
        let result = try tests.run(["pki", "init", directory, "--host", "kms.test", "--host", "10.0.0.1"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.text.contains("server.pem"))
        for name in ["ca.pem", "server.pem", "client.pem"] {
            #expect(FileManager.default.fileExists(atPath: directory + "/" + name))
        }
        let keyMode = try FileManager.default.attributesOfItem(atPath: directory + "/server-key.pem")[.posixPermissions] as? Int
        #expect(keyMode == 0o600)
        let verify = Process()
        verify.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        verify.arguments = ["openssl", "verify", "-CAfile", directory + "/ca.pem", directory + "/server.pem", directory + "/client.pem"]
        verify.standardOutput = Pipe()
        try verify.run()
        verify.waitUntilExit()
        #expect(verify.terminationStatus == 0)
        let again = try tests.run(["pki", "init", directory])
        #expect(again.status != 0)
        #expect(again.stderr.contains("--force"))
    }
}
