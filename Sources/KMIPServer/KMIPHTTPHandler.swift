import Foundation
import KMIP
import KMIPTLS
import KMIPTransport
import NIOCore
import NIOHTTP1
import TTLV

/// How KMIP over HTTPS carries a message in one media type: TTLV as it is, or an encoding
/// (XML, JSON) the server is given converters for (`kmip serve` passes TTLVText's).
public struct HTTPBodyEncoding: Sendable {
    /// The media types it answers to; the first names the responses.
    public var mediaTypes: [String]
    /// A request body as TTLV bytes.
    public var toTTLV: @Sendable ([UInt8]) throws -> [UInt8]
    /// A response message (TTLV) as a body.
    public var fromTTLV: @Sendable ([UInt8]) -> [UInt8]

    public init(mediaTypes: [String], toTTLV: @escaping @Sendable ([UInt8]) throws -> [UInt8], fromTTLV: @escaping @Sendable ([UInt8]) -> [UInt8]) {
        self.mediaTypes = mediaTypes
        self.toTTLV = toTTLV
        self.fromTTLV = fromTTLV
    }

    /// Binary TTLV, `application/octet-stream`.
    public static let ttlv = HTTPBodyEncoding(mediaTypes: ["application/octet-stream"], toTTLV: { $0 }, fromTTLV: { $0 })
}

/// KMIP over HTTPS (KMIP Profiles 2.1, "HTTPS Client/Server"): a POST to the KMIP path whose
/// body is one request message in one of the server's encodings (TTLV `application/octet-stream`;
/// with `kmip serve` also `text/xml` and `application/json`), answered 200 with the response
/// message in the same encoding, `Cache-Control: no-cache`. A body that does not read as a
/// message in its encoding is answered with a KMIP Invalid Message response, as on the TTLV
/// port; only requests no KMIP response fits get an HTTP error (wrong path 404, method 405,
/// media type 415, size 413). One request at a time per connection; NIO's pipeline handler
/// holds pipelined ones back.
final class KMIPHTTPHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let dispatcher: Dispatcher
    private let encodings: [HTTPBodyEncoding]
    private let path: String
    private let maxBytes: Int
    private let requestTimeout: TimeAmount
    private let handshakeTimeout: TimeAmount
    private let log: MockKMIPServer.Logger
    private var identity: String?
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    private var tooLarge = false
    /// Closes a connection whose handshake, or whose request once begun, takes too long.
    private var deadline: Scheduled<Void>?

    init(dispatcher: Dispatcher, configuration: MockKMIPServer.Configuration, secured: Bool, log: @escaping MockKMIPServer.Logger) {
        self.dispatcher = dispatcher
        self.encodings = configuration.httpsEncodings
        self.path = configuration.httpsPath
        self.maxBytes = configuration.decodingOptions.maxMessageBytes
        self.requestTimeout = configuration.requestTimeout
        self.handshakeTimeout = configuration.handshakeTimeout
        self.log = log
        self.identity = secured ? nil : "plaintext-client"
    }

    func channelActive(context: ChannelHandlerContext) {
        if identity == nil { closeLater(context, after: handshakeTimeout, reason: ConnectionGuard.handshakeTimedOut(handshakeTimeout)) }
        context.fireChannelActive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .handshakeCompleted(let info)? = event as? TLSEvent {
            identity = info.peerCertificate.map { $0.commonName ?? $0.subject } ?? "anonymous"
            deadline?.cancel()
            deadline = nil
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            (head, body, tooLarge) = (requestHead, [], false)
            closeLater(context, after: requestTimeout, reason: "request timeout: a request did not arrive in full within \(requestTimeout.readable) (--request-timeout)")
        case .body(let buffer):
            if body.count + buffer.readableBytes > maxBytes {
                tooLarge = true
                body = []
            } else if !tooLarge {
                body += buffer.readableBytesView
            }
        case .end:
            deadline?.cancel()
            deadline = nil
            guard let head else { return }
            let (body, tooLarge) = (self.body, self.tooLarge)
            (self.head, self.body, self.tooLarge) = (nil, [], false)
            answer(head, body: body, tooLarge: tooLarge, context: context)
        }
    }

    private func answer(_ head: HTTPRequestHead, body: [UInt8], tooLarge: Bool, context: ChannelHandlerContext) {
        let client = identity ?? "anonymous"
        let target = head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? head.uri
        guard target == path else { return refuse(.notFound, "no KMIP endpoint at \(target); it is at \(path)", head: head, client: client, context: context) }
        guard head.method == .POST else { return refuse(.methodNotAllowed, "KMIP requests are POSTed", head: head, client: client, context: context) }
        let media = head.headers.first(name: "Content-Type")?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let media, let encoding = encodings.first(where: { $0.mediaTypes.contains(media) }) else {
            return refuse(.unsupportedMediaType, "the body must be one of \(encodings.flatMap(\.mediaTypes).joined(separator: ", "))", head: head, client: client, context: context)
        }
        guard !tooLarge else {
            return refuse(.payloadTooLarge, "the body is over \(maxBytes) bytes (--max-message-bytes)", head: head, client: client, context: context)
        }
        let dispatcher = self.dispatcher
        let log = self.log
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        Task.immediate(executorPreference: EventLoopTaskExecutor(context.eventLoop)) {
            let answer: [UInt8]
            let outcome: Dispatcher.Outcome
            do {
                (answer, outcome) = await dispatcher.handle(try encoding.toTTLV(body), client: client)
            } catch {
                (answer, outcome) = dispatcher.unreadable("the \(media) body is not a KMIP message: \(error)")
            }
            log(ConnectionHandler.line(client: client, outcome: outcome) + " (HTTPS)")
            bound.value.0.respond(.ok, mediaType: encoding.mediaTypes[0], body: encoding.fromTTLV(answer), head: head, context: bound.value.1)
        }
    }

    private func refuse(_ status: HTTPResponseStatus, _ reason: String, head: HTTPRequestHead, client: String, context: ChannelHandlerContext) {
        log("client=\(client) HTTPS \(head.method.rawValue) \(head.uri): \(status.code) \(reason)")
        respond(status, mediaType: "text/plain", body: Array((reason + "\n").utf8), head: head, context: context)
    }

    private func respond(_ status: HTTPResponseStatus, mediaType: String, body: [UInt8], head: HTTPRequestHead, context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: mediaType)
        headers.add(name: "Content-Length", value: String(body.count))
        headers.add(name: "Cache-Control", value: "no-cache")
        if status == .methodNotAllowed { headers.add(name: "Allow", value: "POST") }
        headers.add(name: "Connection", value: head.isKeepAlive ? "keep-alive" : "close")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body)))), promise: nil)
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !head.isKeepAlive { done.assumeIsolated().whenComplete { _ in context.close(promise: nil) } }
    }

    /// A request NIO could not parse has had its 400 from the pipeline's error handler; the
    /// connection cannot go on.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        log("client=\(identity ?? "unknown") HTTPS closed: \(error)")
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        context.fireChannelInactive()
    }

    /// Closes the connection after `delay` unless the deadline is moved or cancelled first.
    private func closeLater(_ context: ChannelHandlerContext, after delay: TimeAmount, reason: String) {
        deadline?.cancel()
        deadline = context.closeLater(after: delay, reason: reason, log: log)
    }
}
