import KMIPSpec

/// Says how long a TTLV message is from its first 8 bytes, so a stream reader knows how
/// many bytes to wait for.
public enum TTLVFramer {
    /// The total length (header included) of the message that `prefix` starts, or `nil`
    /// while fewer than 8 bytes are available.
    ///
    /// - Throws: `TTLVError` when the header cannot start a valid message: the item is not a
    ///   Structure, the declared length is not a multiple of 8 (strict mode), or the message
    ///   would exceed `options.maxMessageBytes`. These are checked before any body byte is
    ///   awaited, so a hostile length costs nothing.
    public static func messageLength(_ prefix: UnsafeRawBufferPointer, options: TTLVDecodingOptions = .init()) throws(TTLVError) -> Int? {
        guard prefix.count >= 8 else { return nil }
        let header = UInt64(bigEndian: prefix.loadUnaligned(as: UInt64.self))
        let tag = Tag(rawValue: UInt32(truncatingIfNeeded: header >> 40))
        let type = UInt8(truncatingIfNeeded: header >> 32)
        let length = Int(UInt32(truncatingIfNeeded: header))
        guard type == ItemType.structure.rawValue else {
            throw TTLVError(.notAStructure, offset: 0, tagPath: [tag], reason: "a message must start with a Structure, found item type 0x\(String(type, radix: 16))")
        }
        guard length + 8 <= options.maxMessageBytes else {
            throw TTLVError(.messageTooLarge, offset: 0, tagPath: [tag], reason: "declared length \(length) exceeds the limit of \(options.maxMessageBytes) bytes")
        }
        if options.strict && length % 8 != 0 {
            throw TTLVError(.invalidLength, offset: 0, tagPath: [tag], reason: "a Structure's length must be a multiple of 8, not \(length)")
        }
        return length + 8
    }

    /// The same, for a byte array.
    public static func messageLength(_ prefix: [UInt8], options: TTLVDecodingOptions = .init()) throws(TTLVError) -> Int? {
        try withBytes(prefix) { (buffer) throws(TTLVError) in try messageLength(buffer, options: options) }
    }

    /// Splits a buffer holding several whole messages back to back into their byte ranges.
    ///
    /// - Throws: `TTLVError` for an invalid header or a last message cut short.
    public static func split(_ bytes: [UInt8], options: TTLVDecodingOptions = .init()) throws(TTLVError) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var offset = 0
        while offset < bytes.count {
            let rest = bytes[offset...]
            let length: Int?
            do {
                length = try withBytes(rest) { (buffer) throws(TTLVError) in try messageLength(buffer, options: options) }
            } catch {
                throw TTLVError(error.code, offset: offset + error.offset, tagPath: error.tagPath, reason: error.reason)
            }
            guard let length, length <= rest.count else {
                throw TTLVError(.truncated, offset: offset, reason: "the message at byte \(offset) needs \(length ?? 8) bytes, \(rest.count) remain")
            }
            ranges.append(offset..<(offset + length))
            offset += length
        }
        return ranges
    }
}
