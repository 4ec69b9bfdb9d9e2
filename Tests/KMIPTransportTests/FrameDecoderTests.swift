import KMIPTransport
import NIOCore
import NIOEmbedded
import NIOTestUtils
import Testing
import TTLV

@Suite struct FrameDecoderTests {
    func message(_ payload: Int) -> ByteBuffer {
        var bytes: [UInt8] = [0x42, 0x00, 0x78, 0x01, 0, 0, 0, UInt8(payload * 16)]
        for index in 0..<payload {
            bytes += [0x42, 0x00, 0x0D, 0x02, 0, 0, 0, 4, 0, 0, 0, UInt8(index), 0, 0, 0, 0]
        }
        return ByteBuffer(bytes: bytes)
    }

    /// Drip-fed, whole, and several messages per buffer: the NIO verifier's cases.
    @Test func framesMessagesHoweverTheyArrive() throws {
        let inputs = (0..<4).map { index in (message(index), [message(index)]) }
        try ByteToMessageDecoderVerifier.verifyDecoder(inputOutputPairs: inputs) { TTLVFrameDecoder() }
    }

    @Test func hostileHeadersFailAtOnce() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(TTLVFrameDecoder()))
        #expect(throws: TTLVError.self) {
            try channel.writeInbound(ByteBuffer(bytes: [0x42, 0x00, 0x78, 0x01, 0x7F, 0xFF, 0xFF, 0xF8]))
        }
        let text = EmbeddedChannel(handler: ByteToMessageHandler(TTLVFrameDecoder()))
        #expect(throws: TTLVError.self) {
            try text.writeInbound(ByteBuffer(string: "GET / HTTP/1.1\r\n"))
        }
    }

    @Test func aMessageCutByTheConnectionClosingIsAnError() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(TTLVFrameDecoder()))
        var partial = message(2)
        partial.moveWriterIndex(to: 20)
        try channel.writeInbound(partial)
        #expect(throws: TTLVError.self) { try channel.finish() }
    }
}
