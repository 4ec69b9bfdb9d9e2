import Foundation
import KMIP
import KMIPClient
import KMIPServer
import KMIPSpec
import KMIPTLS
import KMIPTestSupport
import Synchronization

/// Controls the mock server's Encrypt: pass, fail after `n` calls (the KMS "goes down"), or
/// hold after `n` calls until released (so a test can kill the client mid-rewrap).
actor EncryptGate {
    enum Mode: Sendable {
        case pass
        case fail(after: Int)
        case hold(after: Int)
    }

    private var mode = Mode.pass
    private var calls = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private(set) var holding = false

    func set(_ mode: Mode) {
        self.mode = mode
        calls = 0
    }

    func enter() async throws {
        calls += 1
        switch mode {
        case .pass: return
        case .fail(let after):
            if calls > after { throw OperationError(.generalFailure, "the KMS is down (test outage)") }
        case .hold(let after):
            if calls > after {
                holding = true
                await withCheckedContinuation { waiting.append($0) }
            }
        }
    }

    func release() {
        mode = .pass
        holding = false
        waiting.forEach { $0.resume() }
        waiting = []
    }
}

/// A mock KMIP server on 127.0.0.1 with mutual TLS from a fresh PKI, the client files `kms
/// set` needs, a state file, and a way to run the built `kms` binary against them.
final class KMSTestBed: Sendable {
    let directory: URL
    let server: MockKMIPServer
    let gate: EncryptGate
    let admin: KMIPClient
    private let serverRunning = Mutex(true)

    var statePath: String { directory.appendingPathComponent("state.sqlite").path }
    var address: String { "127.0.0.1:\(server.port)" }
    func file(_ name: String) -> String { directory.appendingPathComponent(name).path }

    init() async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("kms-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let ca = try PKI.makeCA(commonName: "kms test CA")
        let serverCredentials = try PKI.issue(commonName: "localhost", usage: .server, dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"], signedBy: ca)
        let client = try PKI.issue(commonName: "kms", usage: .client, signedBy: ca)
        let other = try PKI.makeCA(commonName: "some other CA")
        for (name, bytes) in [("ca.pem", ca.certificatePEM), ("client.pem", client.certificatePEM), ("client-key.pem", client.privateKeyPEM),
                              ("other-ca.pem", other.certificatePEM)] {
            try Data(bytes).write(to: directory.appendingPathComponent(name))
        }
        let gate = EncryptGate()
        var handlers = StandardOperations.all
        let encrypt = handlers[.encrypt]!
        handlers[.encrypt] = { request, context in
            try await gate.enter()
            return try await encrypt(request, &context)
        }
        var configuration = MockKMIPServer.Configuration(tls: .server(
            certificateChain: .bytes(serverCredentials.certificatePEM), privateKey: .bytes(serverCredentials.privateKeyPEM),
            trustRoots: .certificates(ca.certificatePEM)))
        configuration.port = 0
        server = try await MockKMIPServer.start(configuration: configuration, handlers: handlers)
        self.gate = gate
        admin = try KMIPClient(configuration: KMIPClientConfiguration(host: "127.0.0.1", port: server.port, tls: .client(
            trustRoots: .certificates(ca.certificatePEM), certificateChain: .bytes(client.certificatePEM), privateKey: .bytes(client.privateKeyPEM))))
    }

    /// Runs `body` with a fresh bed, and stops it afterwards whether `body` threw or not.
    static func with(_ body: (KMSTestBed) async throws -> Void) async throws {
        let bed = try await KMSTestBed()
        do {
            try await body(bed)
        } catch {
            await bed.stop()
            throw error
        }
        await bed.stop()
    }

    /// A new active AES-256 key on the server.
    func makeKey() async throws -> String {
        let identifier = try await admin.create(symmetricKey: .aes, length: 256, usage: [.encrypt, .decrypt])
        try await admin.activate(identifier)
        return identifier
    }

    /// Revokes and destroys `key` on the server, so that only wrappings by other keys still open.
    func destroy(_ key: String) async throws {
        try await admin.revoke(key, reason: .cessationOfOperation)
        try await admin.destroy(key)
    }

    /// Arguments of `kms set kmip` for this server and `key`.
    func setKMIP(_ key: String) -> [String] {
        ["set", "kmip", address, key, "--client-cert", file("client.pem"), "--client-key", file("client-key.pem"), "--ca-cert", file("ca.pem")]
    }

    /// Stops the KMIP server (the KMS goes away), once.
    func stopServer() async {
        guard serverRunning.withLock({ running in defer { running = false }; return running }) else { return }
        await server.stop()
    }

    func stop() async {
        await admin.shutdown()
        await gate.release()
        await stopServer()
        try? FileManager.default.removeItem(at: directory)
    }

    // MARK: Running kms

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var binary: URL {
        BuiltExecutable.url("kms", root: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent())
    }

    private func process(_ arguments: [String], environment: [String: String]) -> Process {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        merged["KMS_STATE"] = statePath
        if environment["KMS_SECRET_ID"] == nil { merged["KMS_SECRET_ID"] = nil }
        process.environment = merged
        process.currentDirectoryURL = directory
        return process
    }

    /// Runs `kms` with the test state file and waits for it.
    func kms(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let process = process(arguments, environment: environment)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Starts `kms` without waiting (output goes to files in the test directory).
    func start(_ arguments: [String]) throws -> Process {
        let process = process(arguments, environment: [:])
        process.standardOutput = FileHandle(forWritingAtPath: create("spawned.out"))
        process.standardError = FileHandle(forWritingAtPath: create("spawned.err"))
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    private func create(_ name: String) -> String {
        let path = file(name)
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        return path
    }
}
