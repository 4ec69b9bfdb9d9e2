import ArgumentParser
import Dispatch
import Foundation
import KMIPServer
import KMIPTLS
import NIOCore
import TTLV

/// `kmip serve`: the mock KMIP server.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the mock KMIP server (mutual TLS; objects in memory, or in SQLite with --sqlite).",
        discussion: """
            On first start, makes a test PKI in DATA-DIR/pki (a CA, a server certificate for \
            localhost and 127.0.0.1, a client certificate) unless --cert, --key and --ca are \
            given, then prints where the client certificate is and a command to try. Logs one \
            line per request (client, operation, result, object id; never key material), written \
            in batches at most 20 ms after the request. Stops on SIGINT or SIGTERM.

            Examples:
              kmip serve
              kmip serve --port 0 --data-dir /tmp/kmip --deterministic
              kmip serve --sqlite --data-dir /var/lib/kmip-mock
              kmip serve --max-message-bytes 65536 --max-connections 64 --max-locate-items 1000
              kmip serve --cert server.pem --key server-key.pem --ca ca.pem --host 0.0.0.0
            """
    )

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on; 0 picks a free one (printed).") var port = 5696
    @Option(help: "Also serve KMIP over HTTPS on this port (POST to --https-path; TTLV, XML or JSON bodies); 0 picks a free one (printed).") var httpsPort: Int?
    @Option(help: "Path of the HTTPS endpoint.") var httpsPath = "/kmip"
    @Option(help: "Folder for the server's state (the test PKI).") var dataDir = ".kmip-server"
    @Option(help: "Server certificate (PEM); with --key and --ca instead of the test PKI.") var cert: String?
    @Option(help: "Server private key (PEM); its passphrase from KMIP_SERVER_KEY_PASSPHRASE.") var key: String?
    @Option(help: "CA certificate(s) trusted for client certificates (PEM).") var ca: String?
    @Option(help: "With --ca: the CA's private key (PEM, unencrypted), so that Certify and Re-certify can sign (the test PKI's CA signs by itself).") var caKey: String?
    @Flag(help: "Allow TLS 1.2 (KMIP profile suites) as well as TLS 1.3.") var tls12 = false
    @Flag(help: "Serve without TLS. Only for tests on loopback; every client is the same owner.") var plaintext = false
    @Flag(help: "Fixed clock and sequential identifiers, so test vectors replay exactly.") var deterministic = false
    @Flag(help: "Keep objects in DATA-DIR/objects.sqlite (each write on disk before the response) instead of memory.") var sqlite = false
    @Option(help: "Largest request accepted, in bytes; a larger one is answered Invalid Message and its connection closed.") var maxMessageBytes = 16 << 20
    @Option(help: "Most connections open at once; more are closed on arrival (logged).") var maxConnections = 1024
    @Option(help: "Most identifiers one Locate returns, whatever the client asks (logged when hit).") var maxLocateItems = 100_000
    @Option(help: "Most multi-part operations (Init Indicator ... Final Indicator) one client keeps open at once (logged when hit).") var maxOpenRuns = 64
    @Option(help: "Most batch items in one request.") var maxBatchItems = 1000
    @Option(help: "Seconds a client has to finish its TLS handshake.") var handshakeTimeout = 10.0
    @Option(help: "Seconds a request may take to arrive in full once its first byte has.") var requestTimeout = 30.0
    @Option(help: "Unanswered requests per connection before the server stops reading it.") var maxPendingRequests = 32
    @Option(help: "Event-loop threads (default: one for every two CPUs this process may run on, at least one).") var threads: Int?
    @Flag(inversion: .prefixedNo, help: "Run the event loops under Linux's SCHED_BATCH policy: an arriving request does not preempt a client on the same core, it waits for it to block.") var batchScheduling = true

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
        let given = [cert, key, ca].compactMap { $0 }.count
        guard given == 0 || given == 3 else { throw ValidationError("give --cert, --key and --ca together, or none (a test PKI is made)") }
        guard caKey == nil || given == 3 else { throw ValidationError("--ca-key goes with --cert, --key and --ca (the test PKI's CA signs by itself)") }
        guard maxMessageBytes >= 1024 else { throw ValidationError("--max-message-bytes must be at least 1024") }
        guard maxBatchItems >= 1 else { throw ValidationError("--max-batch-items must be at least 1") }
        guard maxPendingRequests >= 1 else { throw ValidationError("--max-pending-requests must be at least 1") }
        guard handshakeTimeout > 0, requestTimeout > 0 else { throw ValidationError("--handshake-timeout and --request-timeout must be positive") }
        guard maxConnections >= 1 else { throw ValidationError("--max-connections must be at least 1") }
        guard maxLocateItems >= 1 else { throw ValidationError("--max-locate-items must be at least 1") }
        guard maxOpenRuns >= 1 else { throw ValidationError("--max-open-runs must be at least 1") }
        guard (threads ?? 1) >= 1, (threads ?? 1) <= 256 else { throw ValidationError("--threads must be 1 to 256") }
        guard (0...65_535).contains(httpsPort ?? 0) else { throw ValidationError("--https-port must be 0 to 65535") }
        _ = try ServerOptions.checkHTTPSPath(httpsPath)
    }

    func run() async throws {
        var configuration = MockKMIPServer.Configuration(tls: nil)
        configuration.host = host
        configuration.port = port
        configuration.httpsPort = httpsPort
        configuration.httpsPath = httpsPath
        configuration.httpsEncodings = [.ttlv, .xml, .json]
        configuration.deterministic = deterministic
        configuration.decodingOptions.maxMessageBytes = maxMessageBytes
        configuration.maxConnections = maxConnections
        configuration.maxLocateItems = maxLocateItems
        configuration.maxOpenRuns = maxOpenRuns
        configuration.maxBatchItems = maxBatchItems
        configuration.maxPendingRequests = maxPendingRequests
        configuration.threads = threads
        configuration.batchScheduling = batchScheduling
        configuration.handshakeTimeout = .nanoseconds(Int64(handshakeTimeout * 1e9))
        configuration.requestTimeout = .nanoseconds(Int64(requestTimeout * 1e9))
        var clientHint = ""
        if plaintext {
            configuration.allowPlaintext = true
        } else {
            let files: (cert: String, key: String, ca: String)
            if let cert, let key, let ca {
                files = (cert, key, ca)
                if let caKey { configuration.certificateAuthority = try Self.authority(certificate: ca, key: caKey) }
            } else {
                let pki = PKIFiles(directory: (dataDir as NSString).appendingPathComponent("pki"))
                if try pki.makeTestPKIIfMissing() { say("kmip serve: made a test PKI in \(pki.directory)") }
                files = (pki.serverCertificate, pki.serverKey, pki.caCertificate)
                clientHint = "KMIP_CERT=\(pki.clientCertificate) KMIP_KEY=\(pki.clientKey) KMIP_CA=\(pki.caCertificate)"
                configuration.certificateAuthority = try Self.authority(certificate: pki.caCertificate, key: pki.caKey)
            }
            var tls = TLSConfiguration.server(certificateChain: .file(files.cert), privateKey: .file(files.key),
                                              passphrase: ProcessInfo.processInfo.environment["KMIP_SERVER_KEY_PASSPHRASE"], trustRoots: .file(files.ca))
            if tls12 { tls.minimumVersion = .v1_2 }
            configuration.tls = tls
        }
        let store: any ObjectStore
        let storage: String
        if sqlite {
            try FileManager.default.createDirectory(atPath: dataDir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let path = (dataDir as NSString).appendingPathComponent("objects.sqlite")
            store = try SQLiteObjectStore(path: path, sequentialIdentifiers: deterministic)
            storage = "objects in \(path)"
        } else {
            store = MemoryObjectStore(sequentialIdentifiers: deterministic)
            storage = "objects in memory"
        }
        let log = BatchedLog()
        let server = try await MockKMIPServer.start(configuration: configuration, store: store, log: log.write)
        let security = plaintext ? "PLAINTEXT, no TLS" : "mutual TLS, TLS 1.3\(tls12 ? " or 1.2" : "")"
        say("kmip serve: listening on \(host):\(server.port) (\(security)); \(storage)")
        if let port = server.httpsPort {
            say("kmip serve: KMIP over HTTP\(plaintext ? "" : "S") at http\(plaintext ? "" : "s")://\(host):\(port)\(httpsPath) (TTLV, XML or JSON bodies)")
        }
        if !clientHint.isEmpty {
            say("kmip serve: try  \(clientHint) KMIP_PORT=\(server.port) swift run kmip versions")
        }
        await Self.waitForSignal()
        log.flush()
        say("kmip serve: stopping")
        await server.stop()
        log.flush()
    }

    /// The CA Certify signs with, from its PEM files.
    static func authority(certificate: String, key: String) throws -> Credentials {
        guard let certificatePEM = FileManager.default.contents(atPath: certificate), let keyPEM = FileManager.default.contents(atPath: key) else {
            throw CommandError("cannot read the CA certificate \(certificate) or its key \(key)")
        }
        return Credentials(certificatePEM: Array(certificatePEM), privateKeyPEM: Array(keyPEM))
    }

    /// Waits for SIGINT or SIGTERM.
    static func waitForSignal() async {
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumed = ResumeOnce(continuation)
            for number in [SIGINT, SIGTERM] {
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { resumed.resume() }
                source.resume()
                signalSources.append(source)
            }
        }
    }

    nonisolated(unsafe) static var signalSources: [any DispatchSourceSignal] = []
}

/// Resumes a continuation once, however many signals arrive.
private final class ResumeOnce: @unchecked Sendable {
    private var continuation: CheckedContinuation<Void, Never>?
    private let lock = NSLock()
    init(_ continuation: CheckedContinuation<Void, Never>) { self.continuation = continuation }
    func resume() {
        lock.lock()
        let pending = continuation
        continuation = nil
        lock.unlock()
        pending?.resume()
    }
}

/// Writes a line to standard output at once (not buffered), for logs and for scripts that
/// wait for the listening line.
func say(_ line: String) {
    var text = line + "\n"
    _ = text.withUTF8 { writeAll(UnsafeRawBufferPointer($0), to: STDOUT_FILENO) }
}
