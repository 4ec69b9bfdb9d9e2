import KMIPSpec

/// Limits and strictness for decoding binary TTLV.
public struct TTLVDecodingOptions: Hashable, Sendable {
    /// Largest message accepted, in bytes (default 16 MiB). Checked before anything is read.
    public var maxMessageBytes: Int = 16 << 20
    /// Deepest nesting of Structures accepted; the message itself is depth 1 (default 64,
    /// at most `depthCeiling`, which bounds the decoder's stack use).
    public var maxDepth: Int = 64
    /// Most items accepted in one message, structures included (default 1,000,000).
    public var maxItems: Int = 1_000_000
    /// Strict mode (default) rejects non-zero padding, Booleans other than 0 and 1, and Big
    /// Integers whose length is not a positive multiple of 8; lenient mode accepts them.
    public var strict: Bool = true

    public init(maxMessageBytes: Int = 16 << 20, maxDepth: Int = 64, maxItems: Int = 1_000_000, strict: Bool = true) {
        self.maxMessageBytes = maxMessageBytes
        self.maxDepth = maxDepth
        self.maxItems = maxItems
        self.strict = strict
    }

    /// The largest `maxDepth` honoured, whatever is asked.
    public static let depthCeiling = 512

    /// The defaults, lenient about padding, Booleans and Big Integer length.
    public static let lenient = TTLVDecodingOptions(strict: false)
}

/// Decodes binary TTLV into `TTLVItem` trees.
///
/// Decoding is one bounded pass over borrowed bytes: every length is checked against the
/// bytes its parent still has before anything is read, fixed-width types must declare their
/// exact length, and depth, item count and message size are limited. Any problem throws a
/// `TTLVError` with the byte offset and tag path; no input traps.
public enum TTLVDecoder {
    /// Decodes exactly one item that fills `bytes`.
    public static func decode(_ bytes: [UInt8], options: TTLVDecodingOptions = .init()) throws(TTLVError) -> TTLVItem {
        try withBytes(bytes) { (buffer) throws(TTLVError) in try decode(buffer, options: options) }
    }

    /// Decodes exactly one item that fills `span`.
    public static func decode(_ span: RawSpan, options: TTLVDecodingOptions = .init()) throws(TTLVError) -> TTLVItem {
        try span.withUnsafeBytes { (buffer) throws(TTLVError) in try decode(buffer, options: options) }
    }

    /// Decodes exactly one item that fills `buffer`. The buffer is only borrowed.
    public static func decode(_ buffer: UnsafeRawBufferPointer, options: TTLVDecodingOptions = .init()) throws(TTLVError) -> TTLVItem {
        guard buffer.count <= options.maxMessageBytes else {
            throw TTLVError(.messageTooLarge, offset: 0, reason: "\(buffer.count) bytes exceed the limit of \(options.maxMessageBytes)")
        }
        var reader = Reader(bytes: buffer, options: options)
        let (item, end) = try reader.item(at: 0, limit: buffer.count, depth: 1)
        guard end == buffer.count else {
            throw TTLVError(.trailingBytes, offset: end, reason: "\(buffer.count - end) bytes follow the end of the item")
        }
        return item
    }

    /// Decodes a whole message: one Structure filling `bytes`.
    public static func decodeMessage(_ bytes: [UInt8], options: TTLVDecodingOptions = .init()) throws(TTLVError) -> TTLVItem {
        let item = try decode(bytes, options: options)
        guard item.type == .structure else {
            throw TTLVError(.notAStructure, offset: 0, tagPath: [item.tag], reason: "a message is a Structure, found \(item.type)")
        }
        return item
    }

    /// The bounded walk. `path` holds the tags of the structures being read, for errors.
    struct Reader {
        let bytes: UnsafeRawBufferPointer
        let options: TTLVDecodingOptions
        let maxDepth: Int
        var items = 0
        var path: [Tag] = []

        init(bytes: UnsafeRawBufferPointer, options: TTLVDecodingOptions) {
            self.bytes = bytes
            self.options = options
            self.maxDepth = min(options.maxDepth, TTLVDecodingOptions.depthCeiling)
            path.reserveCapacity(min(maxDepth, 64))
        }

        func error(_ code: TTLVError.Code, at offset: Int, tag: Tag? = nil, _ reason: String) -> TTLVError {
            TTLVError(code, offset: offset, tagPath: tag.map { path + [$0] } ?? path, reason: reason)
        }

        func load<T: FixedWidthInteger>(_: T.Type, at offset: Int) -> T {
            T(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
        }

        /// Reads the item whose header starts at `offset`; it must end by `limit`. Returns the
        /// item and the offset just past its padding.
        mutating func item(at offset: Int, limit: Int, depth: Int) throws(TTLVError) -> (TTLVItem, Int) {
            guard limit - offset >= 8 else {
                throw error(.truncated, at: offset, "an item header needs 8 bytes, \(limit - offset) remain")
            }
            let header = load(UInt64.self, at: offset)
            let tag = Tag(rawValue: UInt32(truncatingIfNeeded: header >> 40))
            let typeByte = UInt8(truncatingIfNeeded: header >> 32)
            let length = Int(UInt32(truncatingIfNeeded: header))
            guard let type = ItemType(rawValue: typeByte) else {
                throw error(.unknownItemType, at: offset, tag: tag, "item type 0x\(String(typeByte, radix: 16)) is not defined")
            }
            items += 1
            guard items <= options.maxItems else {
                throw error(.itemLimitExceeded, at: offset, tag: tag, "more than \(options.maxItems) items")
            }
            let start = offset + 8
            let padded = type == .structure ? length : (length + 7) & ~7
            guard padded <= limit - start else {
                let code: TTLVError.Code = limit == bytes.count ? .truncated : .lengthOutOfBounds
                throw error(code, at: offset, tag: tag, "length \(length) runs past the \(limit - start) bytes that remain")
            }
            if let fixed = type.fixedLength, length != fixed {
                throw error(.invalidLength, at: offset, tag: tag, "\(type) must have length \(fixed), not \(length)")
            }
            if options.strict && padded != length {
                for index in (start + length)..<(start + padded) where bytes[index] != 0 {
                    throw error(.nonZeroPadding, at: offset, tag: tag, "padding byte at \(index) is not zero")
                }
            }
            let value: TTLVValue
            switch type {
            case .structure:
                guard depth <= maxDepth else {
                    throw error(.depthLimitExceeded, at: offset, tag: tag, "structures nest deeper than \(maxDepth)")
                }
                path.append(tag)
                var children: [TTLVItem] = []
                var cursor = start
                while cursor < start + length {
                    let (child, next) = try item(at: cursor, limit: start + length, depth: depth + 1)
                    children.append(child)
                    cursor = next
                }
                path.removeLast()
                value = .structure(children)
            case .integer:
                value = .integer(load(Int32.self, at: start))
            case .longInteger:
                value = .longInteger(load(Int64.self, at: start))
            case .bigInteger:
                if options.strict && (length == 0 || length % 8 != 0) {
                    throw error(.invalidLength, at: offset, tag: tag, "a Big Integer's length must be a positive multiple of 8, not \(length)")
                }
                value = .bigInteger(BigInteger(bytes: Array(bytes[start..<(start + length)])))
            case .enumeration:
                value = .enumeration(load(UInt32.self, at: start))
            case .boolean:
                let raw = load(UInt64.self, at: start)
                if options.strict && raw > 1 {
                    throw error(.invalidBoolean, at: offset, tag: tag, "a Boolean must be 0 or 1")
                }
                value = .boolean(raw != 0)
            case .textString:
                let raw = UnsafeRawBufferPointer(rebasing: bytes[start..<(start + length)])
                guard let text = String(validating: raw.assumingMemoryBound(to: UInt8.self), as: UTF8.self) else {
                    throw error(.invalidUTF8, at: offset, tag: tag, "the Text String is not valid UTF-8")
                }
                value = .textString(text)
            case .byteString:
                value = .byteString(Array(bytes[start..<(start + length)]))
            case .dateTime:
                value = .dateTime(load(Int64.self, at: start))
            case .interval:
                value = .interval(load(UInt32.self, at: start))
            case .dateTimeExtended:
                value = .dateTimeExtended(load(Int64.self, at: start))
            }
            return (TTLVItem(tag: tag, value), start + padded)
        }
    }
}
