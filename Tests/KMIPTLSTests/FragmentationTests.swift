import KMIPTLS
import NIOCore
import NIOEmbedded
import Testing

/// Client and server in memory, the ciphertext between them cut into 1-byte pieces, the
/// handshake included.
@Suite struct FragmentationTests {
    let pki = TestPKI.shared

    final class Collector: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        var bytes: [UInt8] = []
        var events: [TLSEvent] = []
        var errors: [any Error] = []
        func channelRead(context: ChannelHandlerContext, data: NIOAny) { bytes += unwrapInboundIn(data).readableBytesView }
        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if let event = event as? TLSEvent { events.append(event) }
        }
        func errorCaught(context: ChannelHandlerContext, error: any Error) { errors.append(error) }
    }

    /// Moves every pending outbound byte from `from` to `to`, one byte per read.
    func pump(_ from: EmbeddedChannel, _ to: EmbeddedChannel) throws -> Bool {
        var moved = false
        while let buffer = try from.readOutbound(as: ByteBuffer.self) {
            for byte in buffer.readableBytesView {
                try to.writeInbound(ByteBuffer(bytes: [byte]))
                moved = true
            }
        }
        return moved
    }

    @Test func oneByteCiphertextPiecesBothWays() throws {
        let client = EmbeddedChannel()
        let server = EmbeddedChannel()
        let clientCollector = Collector(), serverCollector = Collector()
        try server.pipeline.syncOperations.addHandler(TLSHandler(context: try TLSContext(configuration: pki.serverConfiguration())))
        try server.pipeline.syncOperations.addHandler(serverCollector)
        try client.pipeline.syncOperations.addHandler(TLSHandler(context: try TLSContext(configuration: pki.clientConfiguration(pki.client)), serverName: "localhost"))
        try client.pipeline.syncOperations.addHandler(clientCollector)
        try server.connect(to: try SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        try client.connect(to: try SocketAddress(ipAddress: "127.0.0.1", port: 5696)).wait()

        let message = Array((0..<70_000).map { UInt8(truncatingIfNeeded: $0) })
        client.writeAndFlush(ByteBuffer(bytes: message), promise: nil)
        var rounds = 0
        while try (pump(client, server) || pump(server, client)), rounds < 100 { rounds += 1 }
        #expect(serverCollector.bytes == message)
        #expect(clientCollector.events.count == 1)
        #expect(serverCollector.events.count == 1)
        #expect(clientCollector.errors.isEmpty && serverCollector.errors.isEmpty)

        server.writeAndFlush(ByteBuffer(bytes: [9, 8, 7]), promise: nil)
        _ = try pump(server, client)
        #expect(clientCollector.bytes == [9, 8, 7])

        // A clean close sends close_notify; the peer sees it and closes without an error.
        try client.close().wait()
        _ = try pump(client, server)
        #expect(serverCollector.errors.isEmpty)
        #expect(!server.isActive)
    }
}
