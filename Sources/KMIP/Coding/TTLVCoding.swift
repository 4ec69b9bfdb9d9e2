public import KMIPSpec
public import TTLV

/// A value read from a TTLV item. The item's tag is the field's; the type decides the shape.
public protocol TTLVDecodable: Sendable {
    /// Reads the value of `item`, as protocol `version` defines it.
    init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError)
}

/// A value written as a TTLV item under the tag its field gives.
public protocol TTLVEncodable: Sendable {
    /// Writes the value under `tag`, as protocol `version` defines it.
    func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem
}

public typealias TTLVCodable = TTLVDecodable & TTLVEncodable

extension TTLVItem {
    /// The error for an item whose type its field does not allow.
    public func wrongType(expected: ItemType...) -> KMIPError {
        KMIPError(.wrongType, path: [tag.description], reason: "expected \(expected.map(\.name).joined(separator: " or ")), found \(type.name)")
    }
}

extension Int32: TTLVCodable {
    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        guard case .integer(let value) = item.value else { throw item.wrongType(expected: .integer) }
        self = value
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) -> TTLVItem { TTLVItem(tag: tag, .integer(self)) }
}

extension Int64: TTLVCodable {
    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        guard case .longInteger(let value) = item.value else { throw item.wrongType(expected: .longInteger) }
        self = value
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) -> TTLVItem { TTLVItem(tag: tag, .longInteger(self)) }
}

extension Bool: TTLVCodable {
    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        guard case .boolean(let value) = item.value else { throw item.wrongType(expected: .boolean) }
        self = value
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) -> TTLVItem { TTLVItem(tag: tag, .boolean(self)) }
}

extension String: TTLVCodable {
    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        guard case .textString(let value) = item.value else { throw item.wrongType(expected: .textString) }
        self = value
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) -> TTLVItem { TTLVItem(tag: tag, .textString(self)) }
}

extension Array: TTLVDecodable where Element == UInt8 {
    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        guard case .byteString(let value) = item.value else { throw item.wrongType(expected: .byteString) }
        self = value
    }
}

extension Array: TTLVEncodable where Element == UInt8 {
    public func ttlv(_ tag: Tag, version: KMIPVersion) -> TTLVItem { TTLVItem(tag: tag, .byteString(self)) }
}

extension BigInteger: TTLVCodable {
    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        guard case .bigInteger(let value) = item.value else { throw item.wrongType(expected: .bigInteger) }
        self = value
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) -> TTLVItem { TTLVItem(tag: tag, .bigInteger(self)) }
}

/// A KMIP Date-Time: whole seconds since 1970-01-01T00:00:00Z.
public struct DateTime: Hashable, Comparable, Sendable, CustomStringConvertible, TTLVCodable {
    public var secondsSince1970: Int64

    public init(secondsSince1970: Int64) {
        self.secondsSince1970 = secondsSince1970
    }

    public static func < (lhs: DateTime, rhs: DateTime) -> Bool { lhs.secondsSince1970 < rhs.secondsSince1970 }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        guard case .dateTime(let value) = item.value else { throw item.wrongType(expected: .dateTime) }
        self.secondsSince1970 = value
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) -> TTLVItem { TTLVItem(tag: tag, .dateTime(secondsSince1970)) }

    public var description: String { DateTimeText.format(seconds: secondsSince1970) }
}

/// A KMIP Interval: a number of seconds.
public struct Interval: Hashable, Comparable, Sendable, CustomStringConvertible, TTLVCodable {
    public var seconds: UInt32

    public init(seconds: UInt32) {
        self.seconds = seconds
    }

    public static func < (lhs: Interval, rhs: Interval) -> Bool { lhs.seconds < rhs.seconds }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        guard case .interval(let value) = item.value else { throw item.wrongType(expected: .interval) }
        self.seconds = value
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) -> TTLVItem { TTLVItem(tag: tag, .interval(seconds)) }

    public var description: String { "\(seconds)s" }
}

/// Any item kept as it is: content the model does not interpret, re-emitted unchanged.
extension TTLVItem: TTLVCodable {
    public init(ttlv item: TTLVItem, version: KMIPVersion) { self = item }

    public func ttlv(_ tag: Tag, version: KMIPVersion) -> TTLVItem { TTLVItem(tag: tag, value) }
}

extension KMIPVersion: TTLVCodable {
    /// Reads a `Protocol Version` structure.
    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        let major: Int32 = try reader.required(.protocolVersionMajor)
        let minor: Int32 = try reader.required(.protocolVersionMinor)
        try reader.finish()
        self.init(major, minor)
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) -> TTLVItem {
        TTLVItem(tag: tag, .structure([
            TTLVItem(tag: .protocolVersionMajor, .integer(major)),
            TTLVItem(tag: .protocolVersionMinor, .integer(minor)),
        ]))
    }
}

/// Enumerations read and write as Enumeration items.
extension KMIPEnumeration {
    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        guard case .enumeration(let value) = item.value else { throw item.wrongType(expected: .enumeration) }
        self.init(rawValue: value)
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        if !isExtension, let set = Self.definition, set.defines(rawValue, in: version) == false, let definition = set.value(rawValue) {
            throw KMIPError(.notInVersion, path: [tag.description], reason: "\(Self.valueSetName) \(definition.name) is defined in KMIP \(definition.versions), not \(version)")
        }
        return TTLVItem(tag: tag, .enumeration(rawValue))
    }
}

/// Masks read and write as Integer items.
extension KMIPMask {
    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        guard case .integer(let value) = item.value else { throw item.wrongType(expected: .integer) }
        self.init(rawValue: UInt32(bitPattern: value))
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) -> TTLVItem {
        TTLVItem(tag: tag, .integer(Int32(bitPattern: rawValue)))
    }
}
