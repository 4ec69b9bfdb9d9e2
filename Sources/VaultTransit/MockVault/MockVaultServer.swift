import KMIPTLS
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A mock Vault: the transit engine, the token store, AppRole, namespaces, ACL policies and
/// `sys/health`, over HTTP/1.1 on TLS (plain HTTP only when `allowPlaintext` is set).
///
/// Answers follow Vault's shapes (`{"errors":[...]}` with `Content-Type: application/json`),
/// so hvac and other real clients can drive it. Tests set it up and inject faults through the
/// methods below; nothing here logs tokens or key material.
public final class MockVaultServer: Sendable {
    /// Where and how the mock listens.
    public struct Configuration: Sendable {
        public var host = "127.0.0.1"
        /// 0 picks a free port (see `port`).
        public var port = 0
        /// The server's TLS; `nil` means plain HTTP, which needs `allowPlaintext`.
        public var tls: TLSConfiguration?
        public var allowPlaintext = false
        /// The largest request body accepted (Vault's limit is 32 MiB).
        public var maxRequestBytes = 32 << 20

        public init(tls: TLSConfiguration?) {
            self.tls = tls
        }
    }

    let state: Mutex<MockVaultStore>
    private let engine: MockVaultEngine
    private let channel: any Channel
    private let tlsEnabled: Bool
    private let host: String
    /// The port it listens on.
    public let port: Int

    /// `https://host:port` (or `http://`).
    public var address: String { "\(tlsEnabled ? "https" : "http")://\(host):\(port)" }

    /// TCP connections accepted so far (keep-alive clients reuse one).
    public var connectionsAccepted: Int { engine.connections.withLock { $0 } }

    private init(state: MockVaultStore, engine: MockVaultEngine, channel: any Channel, tlsEnabled: Bool, host: String, port: Int) {
        self.state = Mutex(state)
        self.engine = engine
        self.channel = channel
        self.tlsEnabled = tlsEnabled
        self.host = host
        self.port = port
    }

    /// Starts listening. `log` gets one line per request: status, method, path, namespace
    /// (never a token or key material).
    public static func start(
        configuration: Configuration, group: (any EventLoopGroup)? = nil, log: (@Sendable (String) -> Void)? = nil
    ) async throws -> MockVaultServer {
        let tls: TLSContext?
        if let settings = configuration.tls {
            tls = try TLSContext(configuration: settings)
        } else {
            guard configuration.allowPlaintext else {
                throw VaultError(.configuration, message: "the mock Vault needs TLS settings, or allowPlaintext for plain HTTP")
            }
            tls = nil
        }
        let engine = MockVaultEngine(log: log)
        let maxBytes = configuration.maxRequestBytes
        let channel = try await ServerBootstrap(group: group ?? MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let operations = channel.pipeline.syncOperations
                    if let tls { try operations.addHandler(TLSHandler(context: tls)) }
                    try operations.addHandler(ListMethodRewriter())
                    try operations.configureHTTPServerPipeline(withErrorHandling: true)
                    try operations.addHandler(MockVaultHTTPHandler(engine: engine, maxRequestBytes: maxBytes))
                }
            }
            .bind(host: configuration.host, port: configuration.port).get()
        let server = MockVaultServer(
            state: MockVaultStore(), engine: engine, channel: channel, tlsEnabled: tls != nil, host: configuration.host,
            port: channel.localAddress?.port ?? configuration.port)
        engine.server.withLock { $0 = server }
        return server
    }

    /// Stops listening.
    public func stop() async {
        try? await channel.close()
    }

    /// Answers one parsed request.
    func handle(_ request: MockVaultRequest) -> MockVaultResponse {
        state.withLock { $0.handle(request) }
    }
}

/// Connects the HTTP handlers to the server once it exists (the handlers are made first).
final class MockVaultEngine: Sendable {
    let server = Mutex<MockVaultServer?>(nil)
    let connections = Mutex(0)
    let log: (@Sendable (String) -> Void)?

    init(log: (@Sendable (String) -> Void)?) {
        self.log = log
    }

    func handle(_ request: MockVaultRequest) -> MockVaultResponse {
        guard let server = server.withLock({ $0 }) else { return .failure(.sealed) }
        return server.handle(request)
    }
}

/// Gathers one HTTP request, answers it through the engine, honours keep-alive.
final class MockVaultHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let engine: MockVaultEngine
    private let maxRequestBytes: Int
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    private var tooLarge = false

    init(engine: MockVaultEngine, maxRequestBytes: Int) {
        self.engine = engine
        self.maxRequestBytes = maxRequestBytes
    }

    func handlerAdded(context: ChannelHandlerContext) {
        engine.connections.withLock { $0 += 1 }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            (head, body, tooLarge) = (requestHead, [], false)
        case .body(var buffer):
            if body.count + buffer.readableBytes > maxRequestBytes {
                tooLarge = true
                body = []
            } else if !tooLarge {
                body += buffer.readBytes(length: buffer.readableBytes) ?? []
            }
        case .end:
            guard let head else { return }
            let (body, tooLarge) = (self.body, self.tooLarge)
            (self.head, self.body, self.tooLarge) = (nil, [], false)
            let response: MockVaultResponse
            if tooLarge {
                response = .failure(MockVaultFailure(status: 413, errors: ["http: request body too large"]))
            } else {
                do {
                    let bearer = head.headers.first(name: "Authorization").flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil }
                    let request = try MockVaultRequest(
                        method: head.method.rawValue, uri: head.uri, token: head.headers.first(name: "X-Vault-Token") ?? bearer,
                        namespace: head.headers.first(name: "X-Vault-Namespace"), body: body)
                    response = engine.handle(request)
                } catch {
                    response = .failure(error)
                }
            }
            engine.log?("vault-mock: \(response.status) \(head.method.rawValue) \(head.uri.split(separator: "?").first ?? "")"
                + (head.headers.first(name: "X-Vault-Namespace").map { " (namespace \($0))" } ?? ""))
            let write = { [self] in self.write(response, for: head, context: context) }
            if let delay = response.delayMilliseconds, delay > 0 {
                context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(Int64(delay))) { write() }
            } else {
                write()
            }
        }
    }

    /// A request NIO could not parse has had its 400 (from the pipeline's error handler);
    /// the connection cannot go on, so close it.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func write(_ response: MockVaultResponse, for request: HTTPRequestHead, context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        headers.add(name: "Cache-Control", value: "no-store")
        if let body = response.body {
            headers.add(name: "Content-Type", value: "application/json")
            headers.add(name: "Content-Length", value: String(body.count))
        } else {
            headers.add(name: "Content-Length", value: "0")
        }
        if let retryAfter = response.retryAfter { headers.add(name: "Retry-After", value: String(retryAfter)) }
        let keepAlive = request.isKeepAlive
        headers.add(name: "Connection", value: keepAlive ? "keep-alive" : "close")
        let status = HTTPResponseStatus(statusCode: response.status)
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: request.version, status: status, headers: headers))), promise: nil)
        if let body = response.body, request.method != .HEAD, response.status != 204 {
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body)))), promise: nil)
        }
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive { done.assumeIsolated().whenComplete { _ in context.close(promise: nil) } }
    }
}
