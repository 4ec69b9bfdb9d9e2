public import NIOCore
public import TTLV

/// Cuts a byte stream into whole TTLV messages.
///
/// The first 8 bytes of a message say how long it is (`TTLVFramer`). A header that cannot
/// start a message (not a Structure, or a declared length over the limit) is an error at
/// once, before any body byte is awaited, so a hostile length costs nothing.
public struct TTLVFrameDecoder: NIOSingleStepByteToMessageDecoder {
    public typealias InboundOut = ByteBuffer

    public let options: TTLVDecodingOptions

    public init(options: TTLVDecodingOptions = .init()) {
        self.options = options
    }

    public mutating func decode(buffer: inout ByteBuffer) throws -> ByteBuffer? {
        let length = try buffer.withUnsafeReadableBytes { (bytes) throws(TTLVError) in try TTLVFramer.messageLength(bytes, options: options) }
        guard let length, buffer.readableBytes >= length else { return nil }
        return buffer.readSlice(length: length)
    }

    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> ByteBuffer? {
        if let message = try decode(buffer: &buffer) { return message }
        if buffer.readableBytes > 0 {
            throw TTLVError(.truncated, offset: 0, reason: "the connection closed inside a message (\(buffer.readableBytes) bytes received)")
        }
        return nil
    }
}
