public import KMIPSpec

/// Encodes TTLV into one growing byte buffer.
///
/// Structures are written with a zero length that is back-patched when the structure ends,
/// so nothing is built twice. Values are padded to 8 bytes with zeros; Big Integers are
/// sign-extended to a multiple of 8 bytes. The typed layer writes through the per-type
/// methods; `encode(_:)` writes a whole item tree.
public struct TTLVEncoder: Sendable {
    /// The encoded bytes so far.
    public private(set) var bytes: [UInt8]
    /// Set when a length did not fit in 32 bits; `finish()` reports it.
    private var overflowOffset: Int?

    /// Creates an encoder whose buffer starts with room for `capacity` bytes.
    public init(capacity: Int = 512) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// The encoding of `item`.
    public static func encode(_ item: TTLVItem, capacity: Int = 512) throws(TTLVError) -> [UInt8] {
        var encoder = TTLVEncoder(capacity: capacity)
        encoder.encode(item)
        return try encoder.finish()
    }

    /// Returns the bytes, or throws if a length overflowed 32 bits.
    public func finish() throws(TTLVError) -> [UInt8] {
        if let overflowOffset {
            throw TTLVError(.valueTooLarge, offset: overflowOffset, reason: "an item is longer than 4 GiB")
        }
        return bytes
    }

    /// Writes `item` and, for a Structure, all its children.
    public mutating func encode(_ item: TTLVItem) {
        switch item.value {
        case .structure(let children):
            structure(item.tag) { encoder in
                for child in children { encoder.encode(child) }
            }
        case .integer(let value): integer(item.tag, value)
        case .longInteger(let value): longInteger(item.tag, value)
        case .bigInteger(let value): bigInteger(item.tag, value)
        case .enumeration(let value): enumeration(item.tag, value)
        case .boolean(let value): boolean(item.tag, value)
        case .textString(let value): textString(item.tag, value)
        case .byteString(let value): byteString(item.tag, value)
        case .dateTime(let value): dateTime(item.tag, value)
        case .interval(let value): interval(item.tag, value)
        case .dateTimeExtended(let value): dateTimeExtended(item.tag, value)
        }
    }

    /// Writes a Structure whose children `body` writes; its length is back-patched.
    public mutating func structure<E: Error>(_ tag: Tag, _ body: (inout TTLVEncoder) throws(E) -> Void) throws(E) {
        let start = bytes.count
        header(tag, .structure, 0)
        try body(&self)
        patchLength(at: start, bytes.count - start - 8)
    }

    public mutating func integer(_ tag: Tag, _ value: Int32) {
        header(tag, .integer, 4)
        word(UInt64(UInt32(bitPattern: value)) << 32)
    }

    public mutating func longInteger(_ tag: Tag, _ value: Int64) {
        header(tag, .longInteger, 8)
        word(UInt64(bitPattern: value))
    }

    public mutating func bigInteger(_ tag: Tag, _ value: BigInteger) {
        let padded = value.paddedBytes
        header(tag, .bigInteger, padded.count)
        bytes.append(contentsOf: padded)
    }

    public mutating func enumeration(_ tag: Tag, _ value: UInt32) {
        header(tag, .enumeration, 4)
        word(UInt64(value) << 32)
    }

    public mutating func boolean(_ tag: Tag, _ value: Bool) {
        header(tag, .boolean, 8)
        word(value ? 1 : 0)
    }

    public mutating func textString(_ tag: Tag, _ value: String) {
        var value = value
        value.withUTF8 { utf8 in raw(tag, .textString, UnsafeRawBufferPointer(utf8)) }
    }

    public mutating func byteString(_ tag: Tag, _ value: [UInt8]) {
        value.withUnsafeBytes { raw(tag, .byteString, $0) }
    }

    public mutating func dateTime(_ tag: Tag, _ value: Int64) {
        header(tag, .dateTime, 8)
        word(UInt64(bitPattern: value))
    }

    public mutating func interval(_ tag: Tag, _ value: UInt32) {
        header(tag, .interval, 4)
        word(UInt64(value) << 32)
    }

    public mutating func dateTimeExtended(_ tag: Tag, _ value: Int64) {
        header(tag, .dateTimeExtended, 8)
        word(UInt64(bitPattern: value))
    }

    // MARK: - Bytes

    private mutating func header(_ tag: Tag, _ type: ItemType, _ length: Int) {
        if length > UInt32.max, overflowOffset == nil { overflowOffset = bytes.count }
        let packed = UInt64(tag.rawValue & 0xFF_FFFF) << 40 | UInt64(type.rawValue) << 32 | UInt64(UInt32(truncatingIfNeeded: length))
        word(packed)
    }

    private mutating func word(_ value: UInt64) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }

    /// A Text or Byte String: header, bytes, zero padding to 8.
    private mutating func raw(_ tag: Tag, _ type: ItemType, _ value: UnsafeRawBufferPointer) {
        header(tag, type, value.count)
        bytes.append(contentsOf: value)
        let padding = (8 - value.count % 8) % 8
        if padding > 0 { bytes.append(contentsOf: repeatElement(0, count: padding)) }
    }

    private mutating func patchLength(at start: Int, _ length: Int) {
        if length > UInt32.max, overflowOffset == nil { overflowOffset = start }
        let value = UInt32(truncatingIfNeeded: length)
        bytes[start + 4] = UInt8(truncatingIfNeeded: value >> 24)
        bytes[start + 5] = UInt8(truncatingIfNeeded: value >> 16)
        bytes[start + 6] = UInt8(truncatingIfNeeded: value >> 8)
        bytes[start + 7] = UInt8(truncatingIfNeeded: value)
    }
}
