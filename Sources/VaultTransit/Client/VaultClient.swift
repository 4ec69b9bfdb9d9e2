import Foundation
import KMIPTLS
import NIOCore
import NIOHTTP1
import NIOPosix

/// A client of Vault's (or OpenBao's) HTTP API for the transit engine: token or AppRole
/// authentication, namespaces, renewal, and the transit calls.
///
/// One keep-alive connection, one request at a time. The token is renewed (or, for AppRole,
/// obtained again by logging in) before a call once `renewalFraction` of its lease has passed,
/// and by `startAutomaticRenewal()` in the background. Idempotent calls (reads, decrypt,
/// lookup, health) are retried with exponential backoff on 429, 5xx and broken connections;
/// the others are not, so nothing happens twice.
public actor VaultClient {
    public nonisolated let configuration: VaultConfiguration
    private let address: VaultAddress
    private let tls: TLSContext?
    private let group: any EventLoopGroup
    private var connection: HTTPConnection?
    var token: String?
    var lease: Lease?
    var renewalTask: Task<Void, Never>?
    var warnedNotRenewable = false
    /// Work done by one caller at a time: requests on the connection, and getting or renewing
    /// the token (so concurrent first calls log in once).
    enum Turn: Hashable {
        case send, token
    }

    private var busy: Set<Turn> = []
    private var waiting: [Turn: [CheckedContinuation<Void, Never>]] = [:]

    /// Whether a call carries the token.
    enum TokenUse {
        /// No token (login, health).
        case none
        /// The token as it is (the auth calls themselves).
        case current
        /// Renew or log in first when due, then send the token.
        case ensured
    }

    /// What the client knows of its token's lifetime.
    struct Lease {
        var start: ContinuousClock.Instant
        /// Seconds; 0 means the token does not expire.
        var seconds: Int
        var renewable: Bool

        func due(fraction: Double) -> ContinuousClock.Instant {
            start + .milliseconds(Int64(Double(seconds) * 1000 * fraction))
        }

        var expiry: ContinuousClock.Instant { start + .seconds(seconds) }
    }

    /// Checks the configuration (address, TLS files) and prepares the TLS context; connects on
    /// the first call.
    public init(configuration: VaultConfiguration, group: (any EventLoopGroup)? = nil) throws(VaultError) {
        self.configuration = configuration
        address = try VaultAddress(configuration.address)
        self.group = group ?? MultiThreadedEventLoopGroup.singleton
        if address.secure {
            var tlsConfiguration = TLSConfiguration.client(trustRoots: configuration.caFile.map { .file($0) } ?? .system)
            switch (configuration.clientCertificateFile, configuration.clientKeyFile) {
            case (let certificate?, let key?):
                tlsConfiguration.certificateChain = .file(certificate)
                tlsConfiguration.privateKey = .file(key)
            case (nil, nil): break
            default: throw VaultError(.configuration, message: "a client certificate needs both the certificate file and the key file")
            }
            // Vault's listeners default to TLS 1.2 as the minimum; accept it, never lower.
            tlsConfiguration.minimumVersion = .v1_2
            tlsConfiguration.tls12CipherSuites = "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305"
            do {
                tls = try TLSContext(configuration: tlsConfiguration)
            } catch {
                throw VaultError(.tls, message: "cannot set up TLS: \(error)")
            }
        } else {
            guard configuration.allowPlaintext else {
                throw VaultError(.configuration, message: "`\(configuration.address)` is plain HTTP; use https:// or allow plaintext explicitly")
            }
            tls = nil
        }
        if case .token(let given) = configuration.authentication {
            guard !given.isEmpty else { throw VaultError(.configuration, message: "the Vault token is empty") }
            token = given
        }
    }

    deinit {
        renewalTask?.cancel()
        connection?.close()
    }

    /// Closes the connection and stops background renewal.
    public func shutdown() {
        renewalTask?.cancel()
        renewalTask = nil
        connection?.close()
        connection = nil
    }

    // MARK: Requests

    /// Sends one API call and returns the successful answer, or throws the typed error.
    ///
    /// - Parameters:
    ///   - path: the API path after `/v1/`.
    ///   - idempotent: whether 429, 5xx and broken connections may be retried.
    ///   - tokenUse: whether the call carries the token, and renews it first when due.
    ///   - acceptStatuses: error statuses whose answers are returned rather than thrown (batch 400).
    func call(
        _ method: HTTPMethod, _ path: String, json: [String: any Sendable]? = nil, idempotent: Bool,
        tokenUse: TokenUse = .ensured, acceptStatuses: Set<Int> = []
    ) async throws(VaultError) -> HTTPResponse {
        let body: [UInt8]?
        if let json {
            do {
                body = try [UInt8](JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]))
            } catch {
                throw VaultError(.configuration, path: path, message: "cannot encode the request: \(error)")
            }
        } else {
            body = nil
        }
        if tokenUse == .ensured { try await ensureToken() }
        var attempt = 0
        var loggedInAgain = false
        while true {
            var headers = HTTPHeaders()
            let host = address.host.contains(":") ? "[\(address.host)]" : address.host
            headers.add(name: "Host", value: address.port == (address.secure ? 443 : 80) ? host : "\(host):\(address.port)")
            headers.add(name: "X-Vault-Request", value: "true")
            if let namespace = configuration.namespace, !namespace.isEmpty { headers.add(name: "X-Vault-Namespace", value: namespace) }
            if tokenUse != .none, let token { headers.add(name: "X-Vault-Token", value: token) }
            if body != nil { headers.add(name: "Content-Type", value: "application/json") }
            let request = HTTPRequest(method: method, uri: "/v1/" + path, headers: headers, body: body)
            let outcome: Result<HTTPResponse, VaultError>
            do {
                outcome = .success(try await send(request))
            } catch {
                outcome = .failure(error)
            }
            switch outcome {
            case .success(let response) where response.status < 400 || acceptStatuses.contains(response.status):
                return response
            case .success(let response):
                do {
                    try VaultResponseParser.check(status: response.status, body: response.body, path: path)
                } catch let error {
                    // An AppRole token the server no longer honours: log in again, once.
                    if error.code == .permissionDenied, tokenUse == .ensured, !loggedInAgain, case .appRole = configuration.authentication {
                        loggedInAgain = true
                        try await login()
                        continue
                    }
                    guard idempotent, attempt < configuration.maxRetries, Self.retryable(response.status) else { throw error }
                    attempt += 1
                    await backoff(attempt: attempt, retryAfter: response.headers.first(name: "Retry-After").flatMap { Int($0) })
                }
            case .failure(let error):
                guard idempotent, attempt < configuration.maxRetries, error.code == .connectionFailed || error.code == .timeout else {
                    var located = error
                    located.path = path
                    throw located
                }
                attempt += 1
                await backoff(attempt: attempt, retryAfter: nil)
            }
        }
    }

    /// Waits until no other caller holds `turn`, then holds it.
    func enter(_ turn: Turn) async {
        if busy.contains(turn) {
            await withCheckedContinuation { waiting[turn, default: []].append($0) }
        } else {
            busy.insert(turn)
        }
    }

    /// Hands `turn` to the next waiting caller, in order, or frees it.
    func leave(_ turn: Turn) {
        if var queue = waiting[turn], !queue.isEmpty {
            let next = queue.removeFirst()
            waiting[turn] = queue
            next.resume()
        } else {
            busy.remove(turn)
        }
    }

    private static func retryable(_ status: Int) -> Bool {
        status == 429 || status == 412 || (500...599).contains(status) && status != 501
    }

    private func backoff(attempt: Int, retryAfter: Int?) async {
        let base = configuration.retryBaseDelay * (1 << min(attempt - 1, 10))
        let jitter = configuration.retryBaseDelay * Double.random(in: 0..<0.5)
        var delay = base + jitter
        if let retryAfter, retryAfter > 0 { delay = max(delay, .seconds(min(retryAfter, 30))) }
        try? await Task.sleep(for: delay)
    }

    /// Sends on the kept-alive connection, one request at a time (callers on other tasks wait
    /// their turn), connecting (again) when there is none.
    private func send(_ request: HTTPRequest) async throws(VaultError) -> HTTPResponse {
        await enter(.send)
        defer { leave(.send) }
        let current: HTTPConnection
        if let connection, connection.isUsable {
            current = connection
        } else {
            current = try await HTTPConnection.connect(address: address, tls: tls, group: group, timeout: configuration.connectTimeout)
            connection = current
        }
        do {
            return try await current.send(request, timeout: configuration.requestTimeout)
        } catch {
            current.close()
            if connection === current { connection = nil }
            throw error
        }
    }

    // MARK: Path pieces

    /// `name` as one path segment, percent-encoded; refuses empty names and `.`/`..`.
    static func segment(_ name: String, what: String) throws(VaultError) -> String {
        guard !name.isEmpty, name != ".", name != "..", name.utf8.count <= 512 else {
            throw VaultError(.configuration, message: "the \(what) `\(name.prefix(40))` is not a usable name")
        }
        let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)
        var encoded = ""
        for byte in name.utf8 {
            if unreserved.contains(byte) {
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                encoded += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return encoded
    }

    /// A mount path (`transit`, `weka/transit`): segments, each encoded.
    static func mountPath(_ mount: String) throws(VaultError) -> String {
        let parts = mount.split(separator: "/").map(String.init)
        guard !parts.isEmpty else { throw VaultError(.configuration, message: "the mount path `\(mount)` is empty") }
        var encoded: [String] = []
        for part in parts { encoded.append(try segment(part, what: "mount path")) }
        return encoded.joined(separator: "/")
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
