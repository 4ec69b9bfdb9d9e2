import KMIPTLS
import NIOCore
import NIOHTTP1
import NIOPosix

/// One HTTP/1.1 request: method, path with query, headers and body.
struct HTTPRequest: Sendable {
    var method: HTTPMethod
    var uri: String
    var headers: HTTPHeaders
    var body: [UInt8]?
}

/// One whole HTTP answer.
struct HTTPResponse: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: [UInt8]
}

/// One keep-alive HTTP/1.1 connection (over `TLSHandler` unless plaintext): one request at a
/// time, each with a time-out; answers above `VaultResponseParser.maxBodyBytes` are refused.
final class HTTPConnection: Sendable {
    private let channel: any Channel
    private let exchanger: HTTPExchanger

    private init(channel: any Channel, exchanger: HTTPExchanger) {
        self.channel = channel
        self.exchanger = exchanger
    }

    /// Connects and, for TLS, waits for the handshake.
    static func connect(address: VaultAddress, tls: TLSContext?, group: any EventLoopGroup, timeout: Duration) async throws(VaultError) -> HTTPConnection {
        let handshake = group.next().makePromise(of: Void.self)
        let where_ = "\(address.host):\(address.port)"
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(TimeAmount(timeout))
                .channelOption(.tcpOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let operations = channel.pipeline.syncOperations
                        if let tls { try operations.addHandler(TLSHandler(context: tls, serverName: address.host)) }
                        try operations.addHTTPClientHandlers()
                        try operations.addHandler(HTTPExchanger(handshake: handshake, secured: tls != nil))
                    }
                }
                .connect(host: address.host, port: address.port).get()
        } catch {
            handshake.fail(error)
            throw VaultError(.connectionFailed, message: "cannot connect to \(where_): \(error)")
        }
        let scheduled = channel.eventLoop.scheduleTask(in: TimeAmount(timeout)) {
            handshake.fail(VaultError(.timeout, message: "the TLS handshake with \(where_) took longer than \(timeout)"))
        }
        defer { scheduled.cancel() }
        do {
            try await handshake.futureResult.get()
            let exchanger = try await channel.pipeline.handler(type: HTTPExchanger.self).get()
            return HTTPConnection(channel: channel, exchanger: exchanger)
        } catch {
            channel.close(promise: nil)
            if let error = error as? VaultError { throw error }
            if let error = error as? TLSError { throw VaultError(.tls, message: "TLS with \(where_) failed: \(error)") }
            throw VaultError(.connectionFailed, message: "\(where_): \(error)")
        }
    }

    /// Whether another request can go on this connection.
    var isUsable: Bool { channel.isActive }

    /// Sends `request` and waits for the whole answer.
    func send(_ request: HTTPRequest, timeout: Duration) async throws(VaultError) -> HTTPResponse {
        let promise = channel.eventLoop.makePromise(of: HTTPResponse.self)
        channel.eventLoop.execute { [exchanger, channel] in
            exchanger.exchange(request, promise: promise, channel: channel, timeout: timeout)
        }
        do {
            return try await promise.futureResult.get()
        } catch let error as VaultError {
            throw error
        } catch {
            throw VaultError(.connectionFailed, message: "\(error)")
        }
    }

    func close() {
        channel.close(promise: nil)
    }
}

/// Writes one request and gathers its answer; fails the waiting request when the connection
/// ends, errs or times out. Lives on its channel's event loop.
final class HTTPExchanger: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    private let pending: PendingReplies<HTTPResponse, VaultError>
    private var head: HTTPResponseHead?
    private var body: [UInt8] = []

    init(handshake: EventLoopPromise<Void>, secured: Bool) {
        pending = PendingReplies(handshake: handshake, secured: secured) { timeout in
            VaultError(.timeout, message: "no answer within \(Duration.nanoseconds(timeout.nanoseconds))")
        }
    }

    func exchange(_ request: HTTPRequest, promise: EventLoopPromise<HTTPResponse>, channel: any Channel, timeout: Duration) {
        guard pending.isEmpty else {
            promise.fail(VaultError(.connectionFailed, message: "a request is already waiting on this connection"))
            return
        }
        guard pending.add(promise, timeout: TimeAmount(timeout), on: channel) else { return }
        head = nil
        body = []
        var headers = request.headers
        headers.replaceOrAdd(name: "Content-Length", value: String(request.body?.count ?? 0))
        let requestHead = HTTPRequestHead(version: .http1_1, method: request.method, uri: request.uri, headers: headers)
        channel.write(HTTPClientRequestPart.head(requestHead), promise: nil)
        if let bytes = request.body, !bytes.isEmpty {
            channel.write(HTTPClientRequestPart.body(.byteBuffer(ByteBuffer(bytes: bytes))), promise: nil)
        }
        channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let responseHead):
            head = responseHead
        case .body(var buffer):
            guard body.count + buffer.readableBytes <= VaultResponseParser.maxBodyBytes else {
                pending.failAll(VaultError(.badResponse, message: "the answer is larger than \(VaultResponseParser.maxBodyBytes) bytes"))
                context.close(promise: nil)
                return
            }
            body += buffer.readBytes(length: buffer.readableBytes) ?? []
        case .end:
            guard let head, pending.succeedNext(HTTPResponse(status: Int(head.status.code), headers: head.headers, body: body)) else { return }
            body = []
            if !head.isKeepAlive { context.close(promise: nil) }
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        pending.observe(event)
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let tls = error as? TLSError {
            pending.failAll(VaultError(.tls, message: "TLS failed: \(tls)"))
        } else {
            pending.failAll(VaultError(.connectionFailed, message: "the connection failed: \(error)"))
        }
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        pending.failAll(VaultError(.connectionFailed, message: "Vault closed the connection"))
        context.fireChannelInactive()
    }
}
