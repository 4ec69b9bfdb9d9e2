public import KMIPSpec

/// One TTLV item: a tag and a typed value. A Structure's value holds its children in order.
public struct TTLVItem: Hashable, Sendable {
    public var tag: Tag
    public var value: TTLVValue

    public init(tag: Tag, _ value: TTLVValue) {
        self.tag = tag
        self.value = value
    }

    /// The item type of the value.
    public var type: ItemType { value.type }

    /// The children of a Structure; empty for any other type.
    public var children: [TTLVItem] {
        if case .structure(let children) = value { return children }
        return []
    }

    /// The first child with `tag`, if this is a Structure that has one.
    public subscript(tag: Tag) -> TTLVItem? {
        children.first { $0.tag == tag }
    }

    /// Every child with `tag`, in order.
    public func all(_ tag: Tag) -> [TTLVItem] {
        children.filter { $0.tag == tag }
    }
}

/// The value of a TTLV item, one case per KMIP item type.
public enum TTLVValue: Hashable, Sendable {
    case structure([TTLVItem])
    /// A 32-bit signed integer (also used for masks).
    case integer(Int32)
    case longInteger(Int64)
    case bigInteger(BigInteger)
    /// A 32-bit enumeration value; its names come from the tag's enumeration.
    case enumeration(UInt32)
    case boolean(Bool)
    /// UTF-8 text; the wire length is the byte count.
    case textString(String)
    case byteString([UInt8])
    /// Seconds since 1970-01-01T00:00:00Z.
    case dateTime(Int64)
    /// A number of seconds.
    case interval(UInt32)
    /// Microseconds since 1970-01-01T00:00:00Z (KMIP 2.0 and later).
    case dateTimeExtended(Int64)

    /// The item type of this value.
    public var type: ItemType {
        switch self {
        case .structure: .structure
        case .integer: .integer
        case .longInteger: .longInteger
        case .bigInteger: .bigInteger
        case .enumeration: .enumeration
        case .boolean: .boolean
        case .textString: .textString
        case .byteString: .byteString
        case .dateTime: .dateTime
        case .interval: .interval
        case .dateTimeExtended: .dateTimeExtended
        }
    }
}

/// A KMIP Big Integer: two's complement, big-endian bytes.
///
/// The bytes are kept as given, so a value read with extra sign-extension bytes writes back
/// unchanged; equality and hashing compare the numeric value. On the wire the encoder pads
/// to a multiple of eight bytes with sign extension, as the spec requires.
public struct BigInteger: Hashable, Sendable, CustomStringConvertible {
    /// Two's complement big-endian bytes.
    public var bytes: [UInt8]

    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The value of a 64-bit integer, in eight bytes.
    public init(_ value: Int64) {
        self.bytes = withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }

    /// Whether the value is negative (the top bit of the first byte is set).
    public var isNegative: Bool { (bytes.first ?? 0) & 0x80 != 0 }

    /// The bytes with redundant leading sign bytes removed (at least one byte).
    public var minimalBytes: ArraySlice<UInt8> {
        let sign: UInt8 = isNegative ? 0xFF : 0x00
        var start = 0
        while start + 1 < bytes.count, bytes[start] == sign, (bytes[start + 1] & 0x80) == (sign & 0x80) {
            start += 1
        }
        return bytes.isEmpty ? [0][...] : bytes[start...]
    }

    /// The bytes sign-extended to the next multiple of eight (eight for an empty value).
    public var paddedBytes: [UInt8] {
        let padding = bytes.isEmpty ? 8 : (8 - bytes.count % 8) % 8
        if padding == 0 { return bytes }
        return [UInt8](repeating: isNegative ? 0xFF : 0x00, count: padding) + bytes
    }

    public static func == (lhs: BigInteger, rhs: BigInteger) -> Bool {
        lhs.minimalBytes.elementsEqual(rhs.minimalBytes)
    }

    public func hash(into hasher: inout Hasher) {
        for byte in minimalBytes { hasher.combine(byte) }
    }

    /// Lower-case hex of the bytes as kept.
    public var description: String { hexString(bytes) }
}

/// Lower-case hex, two digits per byte, no prefix.
public func hexString(_ bytes: some Sequence<UInt8>) -> String {
    let digits: [UInt8] = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.underestimatedCount * 2)
    for byte in bytes {
        out.append(digits[Int(byte >> 4)])
        out.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: out, as: UTF8.self)
}

/// Bytes from an even number of hex digits (either case, no prefix, no spaces); `nil` for
/// anything else.
public func hexBytes(_ digits: some Collection<UInt8>) -> [UInt8]? {
    guard digits.count % 2 == 0 else { return nil }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(digits.count / 2)
    var high: UInt8?
    for char in digits {
        let nibble: UInt8
        switch char {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = char - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = char - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = char - UInt8(ascii: "A") + 10
        default: return nil
        }
        if let h = high {
            bytes.append(h << 4 | nibble)
            high = nil
        } else {
            high = nibble
        }
    }
    return bytes
}
