/// The TTLV item type byte (KMIP 1.x section 9.1.1.2, 2.x section 10.1.2).
public enum ItemType: UInt8, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    case structure = 0x01
    case integer = 0x02
    case longInteger = 0x03
    case bigInteger = 0x04
    case enumeration = 0x05
    case boolean = 0x06
    case textString = 0x07
    case byteString = 0x08
    case dateTime = 0x09
    case interval = 0x0A
    /// Added in KMIP 2.0: microseconds since the epoch.
    case dateTimeExtended = 0x0B

    /// The normalised name used by the XML and JSON encodings (`TextString`).
    public var name: String {
        switch self {
        case .structure: "Structure"
        case .integer: "Integer"
        case .longInteger: "LongInteger"
        case .bigInteger: "BigInteger"
        case .enumeration: "Enumeration"
        case .boolean: "Boolean"
        case .textString: "TextString"
        case .byteString: "ByteString"
        case .dateTime: "DateTime"
        case .interval: "Interval"
        case .dateTimeExtended: "DateTimeExtended"
        }
    }

    /// Looks a type up by its normalised name.
    public init?(name: some StringProtocol) {
        guard let match = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = match
    }

    /// The fixed value length on the wire, or `nil` for variable-length types.
    public var fixedLength: Int? {
        switch self {
        case .integer, .enumeration, .interval: 4
        case .longInteger, .boolean, .dateTime, .dateTimeExtended: 8
        case .structure, .bigInteger, .textString, .byteString: nil
        }
    }

    /// The version that introduced the type.
    public var since: KMIPVersion { self == .dateTimeExtended ? .v2_0 : .v1_0 }

    public var description: String { name }
}
