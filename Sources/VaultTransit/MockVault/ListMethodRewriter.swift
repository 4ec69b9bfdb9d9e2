import NIOCore

/// Turns Vault's `LIST` verb into `GET ...?list=true` before the HTTP decoder, which knows
/// only the registered HTTP methods (llhttp rejects `LIST` with a 400).
///
/// It looks only at the start of each inbound chunk: clients send a request line at the start
/// of a write after the previous answer, and a JSON body never starts with `LIST /`.
final class ListMethodRewriter: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private static let verb = Array("LIST /".utf8)

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        guard buffer.readableBytes > Self.verb.count,
              buffer.getBytes(at: buffer.readerIndex, length: Self.verb.count) == Self.verb,
              let bytes = buffer.getBytes(at: buffer.readerIndex, length: buffer.readableBytes),
              let end = bytes[5...].firstIndex(of: UInt8(ascii: " "))
        else {
            context.fireChannelRead(data)
            return
        }
        let uri = bytes[5..<end]
        var rewritten = Array("GET ".utf8) + uri
        rewritten += Array((uri.contains(UInt8(ascii: "?")) ? "&list=true" : "?list=true").utf8)
        rewritten += bytes[end...]
        context.fireChannelRead(wrapInboundOut(ByteBuffer(bytes: rewritten)))
    }
}
