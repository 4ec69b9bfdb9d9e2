public import Foundation
public import KMIPTLS

/// PyKMIP's server, started by `Tools/interop/pykmip_server.py` on loopback with a fresh PKI.
///
/// The interop tests run when PyKMIP can be imported; CI sets `KMIP_REQUIRE_PYKMIP=1`, which
/// turns a missing PyKMIP into a failure instead of a skip.
public final class PyKMIPServer: @unchecked Sendable {
    /// The package root, from this file's path.
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A Python that can import PyKMIP: `KMIP_PYKMIP_PYTHON`, else `python3`.
    public static let python: String? = PythonProbe.find(variable: "KMIP_PYKMIP_PYTHON", imports: "kmip.services.server")

    public static var isAvailable: Bool { python != nil || ProcessInfo.processInfo.environment["KMIP_REQUIRE_PYKMIP"] == "1" }

    let process = Process()
    private let input = Pipe()
    /// A folder holding ca.pem, server.pem, server-key.pem, client.pem and client-key.pem.
    public let directory: URL
    public let port: Int
    public let ca: Credentials
    public let client: Credentials

    /// Makes a PKI, starts the server, and waits until it listens.
    public init() throws {
        guard let python = Self.python else {
            throw InteropError("PyKMIP is not importable: install it with `pip install pykmip` (see .ci/run), or set KMIP_PYKMIP_PYTHON")
        }
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("kmip-pykmip-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        ca = try PKI.makeCA(commonName: "interop CA")
        let server = try PKI.issue(commonName: "localhost", usage: .server, dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"], signedBy: ca)
        client = try PKI.issue(commonName: "swift-kmip-client", usage: .client, signedBy: ca)
        let files = [
            ("ca.pem", ca.certificatePEM), ("server.pem", server.certificatePEM), ("server-key.pem", server.privateKeyPEM),
            ("client.pem", client.certificatePEM), ("client-key.pem", client.privateKeyPEM),
        ]
        for (name, bytes) in files {
            try Data(bytes).write(to: directory.appendingPathComponent(name))
        }
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, Self.root.appendingPathComponent("Tools/interop/pykmip_server.py").path,
                             "--pki", directory.path, "--state", directory.appendingPathComponent("state").path]
        let output = Pipe()
        process.standardOutput = output
        let errors = directory.appendingPathComponent("stderr.txt")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: errors)
        // The script stops when its standard input closes: keep the write end for its lifetime.
        process.standardInput = input
        // Python's temporary folders (multiprocessing makes some) go in `directory`, which `stop`
        // removes: a killed server cannot clean up after itself.
        let temporary = directory.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        process.environment = ProcessInfo.processInfo.environment.merging(["TMPDIR": temporary.path]) { _, new in new }
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("READY "), let port = Int(text.dropFirst(6)) else {
            kill(process.processIdentifier, SIGKILL)
            throw InteropError("the PyKMIP server did not start: \(text)")
        }
        self.port = port
        // It says READY once it listens; make sure it still does before a test relies on it.
        guard Self.accepts(port: port) else {
            let reason = (try? String(contentsOf: errors, encoding: .utf8)).map { String($0.suffix(2000)) } ?? ""
            stop()
            throw InteropError("the PyKMIP server on port \(port) stopped listening right after it started: \(reason)")
        }
    }

    /// Whether a TCP connection to `port` on loopback succeeds (retried for up to 5 s).
    static func accepts(port: Int) -> Bool {
        for _ in 0..<50 {
            let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard socket >= 0 else { return false }
            defer { close(socket) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            if connected == 0 { return true }
            usleep(100_000)
        }
        return false
    }

    /// Client TLS settings PyKMIP accepts: TLS 1.2 (its only version), mutual.
    public var clientTLS: TLSConfiguration {
        var configuration = TLSConfiguration.client(
            trustRoots: .certificates(ca.certificatePEM), certificateChain: .bytes(client.certificatePEM), privateKey: .bytes(client.privateKeyPEM))
        configuration.minimumVersion = .v1_2
        return configuration
    }

    /// Kills the server's process group (the script makes itself a group leader). Not waiting
    /// for the exit: Foundation notices it on its own thread.
    public func stop() {
        kill(-process.processIdentifier, SIGKILL)
        kill(process.processIdentifier, SIGKILL)
        try? FileManager.default.removeItem(at: directory)
    }
}

public struct InteropError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
