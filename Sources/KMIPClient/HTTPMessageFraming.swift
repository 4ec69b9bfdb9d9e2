import NIOCore
import NIOHTTP1

/// KMIP over HTTPS on the client side (KMIP Profiles 2.1, "HTTPS Client"): each request
/// message goes out as a POST of `application/octet-stream` to the KMIP path, and each
/// response's body comes back as one message, for the handlers above it as if TTLV-framed. A
/// response other than 200, or a body over the size limit, is an error for the connection.
final class HTTPMessageFraming: ChannelDuplexHandler, @unchecked Sendable {
    typealias InboundIn = HTTPClientResponsePart
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = HTTPClientRequestPart

    private let path: String
    private let host: String
    private let maxBytes: Int
    private var status: HTTPResponseStatus?
    private var body: ByteBuffer?

    init(path: String, host: String, maxBytes: Int) {
        self.path = path
        self.host = host
        self.maxBytes = maxBytes
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let message = unwrapOutboundIn(data)
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: host)
        headers.add(name: "Content-Type", value: "application/octet-stream")
        headers.add(name: "Content-Length", value: String(message.readableBytes))
        headers.add(name: "Cache-Control", value: "no-cache")
        context.write(wrapOutboundOut(.head(HTTPRequestHead(version: .http1_1, method: .POST, uri: path, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(message))), promise: nil)
        context.write(wrapOutboundOut(.end(nil)), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            status = head.status
            body = context.channel.allocator.buffer(capacity: 0)
        case .body(var part):
            guard (body?.readableBytes ?? 0) + part.readableBytes <= maxBytes else {
                return context.fireErrorCaught(KMIPClientError(.protocolError, message: "the HTTPS response is over \(maxBytes) bytes"))
            }
            body?.writeBuffer(&part)
        case .end:
            guard let body, let status else { return }
            (self.body, self.status) = (nil, nil)
            guard status == .ok else {
                let reason = String(decoding: body.readableBytesView, as: UTF8.self).split(whereSeparator: \.isNewline).joined(separator: " ")
                return context.fireErrorCaught(KMIPClientError(.protocolError, message: "HTTP \(status.code) from \(path): \(reason)"))
            }
            context.fireChannelRead(wrapInboundOut(body))
        }
    }
}
