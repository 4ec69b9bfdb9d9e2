import Foundation
import KMIP
import KMIPServer
import KMIPTLS
import NIOCore
import NIOPosix
import TTLV

/// A mutual-TLS connection to the server that sends arbitrary bytes and reads whole response
/// messages, for feeding the server what no well-behaved client would send.
final class RawTLSConnection: Sendable {
    private let channel: any Channel
    private let chunks: AsyncStream<[UInt8]>
    private let buffer = ReceiveBuffer()

    init(port: Int, identity: Credentials, ca: Credentials, group: any EventLoopGroup) async throws {
        let context = try TLSContext(configuration: .client(
            trustRoots: .certificates(ca.certificatePEM), certificateChain: .bytes(identity.certificatePEM), privateKey: .bytes(identity.privateKeyPEM)))
        let (stream, continuation) = AsyncStream<[UInt8]>.makeStream()
        chunks = stream
        channel = try await ClientBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(TLSHandler(context: context, serverName: "localhost"))
                    try channel.pipeline.syncOperations.addHandler(Collector(continuation: continuation))
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
    }

    func send(_ bytes: [UInt8]) async throws {
        try await channel.writeAndFlush(ByteBuffer(bytes: bytes))
    }

    func close() async {
        try? await channel.close()
    }

    /// Stops taking bytes from the socket, as a client that does not read its responses: the
    /// kernel's buffers fill and the server's writes wait.
    func stopReading() async throws {
        try await channel.setOption(ChannelOptions.autoRead, value: false)
    }

    func startReading() async throws {
        try await channel.setOption(ChannelOptions.autoRead, value: true)
    }

    /// The next whole message, or nil when the server closed the connection first.
    func receive() async throws -> [UInt8]? {
        var iterator = chunks.makeAsyncIterator()
        while true {
            if let message = try buffer.takeMessage() { return message }
            guard let chunk = await iterator.next() else { return nil }
            buffer.append(chunk)
        }
    }

    /// The next HTTP response (status, headers by lower-case name, body of its Content-Length),
    /// or nil when the connection closed first.
    func receiveHTTP() async throws -> (status: Int, headers: [String: String], body: [UInt8])? {
        var iterator = chunks.makeAsyncIterator()
        while true {
            if let response = buffer.takeHTTPResponse() { return response }
            guard let chunk = await iterator.next() else { return nil }
            buffer.append(chunk)
        }
    }

    /// The next message as a response, or nil when the connection closed.
    func receiveResponse() async throws -> ResponseMessage? {
        guard let bytes = try await receive() else { return nil }
        return try ResponseMessage(ttlv: TTLVDecoder.decodeMessage(bytes))
    }

    /// Bytes received and not yet taken (one reader at a time).
    private final class ReceiveBuffer: @unchecked Sendable {
        private var bytes: [UInt8] = []

        func append(_ chunk: [UInt8]) { bytes += chunk }

        func takeHTTPResponse() -> (status: Int, headers: [String: String], body: [UInt8])? {
            let separator = Array("\r\n\r\n".utf8)
            guard let end = bytes.indices.dropLast(3).first(where: { Array(bytes[$0..<$0 + 4]) == separator }) else { return nil }
            let lines = String(decoding: bytes[..<end], as: UTF8.self).components(separatedBy: "\r\n")
            var headers: [String: String] = [:]
            for line in lines.dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            let length = Int(headers["content-length"] ?? "0") ?? 0
            guard bytes.count >= end + 4 + length else { return nil }
            let status = Int(lines[0].split(separator: " ").dropFirst().first ?? "") ?? 0
            let body = Array(bytes[(end + 4)..<(end + 4 + length)])
            bytes.removeFirst(end + 4 + length)
            return (status, headers, body)
        }

        func takeMessage() throws -> [UInt8]? {
            guard let length = try TTLVFramer.messageLength(bytes), bytes.count >= length else { return nil }
            defer { bytes.removeFirst(length) }
            return Array(bytes.prefix(length))
        }
    }

    private final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let continuation: AsyncStream<[UInt8]>.Continuation

        init(continuation: AsyncStream<[UInt8]>.Continuation) {
            self.continuation = continuation
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            continuation.yield(Array(unwrapInboundIn(data).readableBytesView))
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            context.close(promise: nil)
        }

        func channelInactive(context: ChannelHandlerContext) {
            continuation.finish()
            context.fireChannelInactive()
        }
    }
}
