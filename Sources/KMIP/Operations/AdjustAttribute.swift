public import KMIPSpec
public import TTLV

/// Adjust Attribute (KMIP 2.1 section 6.1.3; 2.0 6.1.3): the server adjusts a numeric, interval,
/// date or Boolean attribute (increment, decrement, negate). KMIP 2.0 introduced the
/// operation; writing its payloads for 1.x throws `notInVersion`.
public struct AdjustAttributeRequest: RequestPayload {
    public static let operation = Operation.adjustAttribute

    /// The object; the ID Placeholder when absent.
    public var uniqueIdentifier: String?
    /// The attribute to adjust.
    public var attributeReference: AttributeReference
    public var adjustmentType: AdjustmentType
    /// The amount: an Integer, Long Integer, Big Integer, Interval, Date-Time or Date-Time
    /// Extended value, by the attribute's type (so kept as a value).
    public var adjustmentValue: TTLVValue?
    public var unknown: [TTLVItem] = []

    public init(
        uniqueIdentifier: String? = nil, attributeReference: AttributeReference, adjustmentType: AdjustmentType,
        adjustmentValue: TTLVValue? = nil
    ) {
        self.uniqueIdentifier = uniqueIdentifier
        self.attributeReference = attributeReference
        self.adjustmentType = adjustmentType
        self.adjustmentValue = adjustmentValue
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        uniqueIdentifier = try reader.optional(.uniqueIdentifier)
        attributeReference = try reader.required(.attributeReference)
        adjustmentType = try reader.required(.adjustmentType)
        adjustmentValue = try reader.optional(.adjustmentValue, as: TTLVItem.self)?.value
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        _ = try Self.operation.ttlv(.operation, version: version) // notInVersion before 2.0
        var builder = StructureBuilder(version: version)
        try builder.add(.uniqueIdentifier, uniqueIdentifier)
        try builder.add(.attributeReference, attributeReference)
        try builder.add(.adjustmentType, adjustmentType)
        try builder.add(.adjustmentValue, adjustmentValue.map { TTLVItem(tag: .adjustmentValue, $0) })
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// The response to Adjust Attribute: the object's identifier.
public struct AdjustAttributeResponse: ResponsePayload {
    public static let operation = Operation.adjustAttribute

    public var uniqueIdentifier: String
    public var unknown: [TTLVItem] = []

    public init(uniqueIdentifier: String) {
        self.uniqueIdentifier = uniqueIdentifier
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        uniqueIdentifier = try reader.required(.uniqueIdentifier)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        _ = try Self.operation.ttlv(.operation, version: version) // notInVersion before 2.0
        var builder = StructureBuilder(version: version)
        try builder.add(.uniqueIdentifier, uniqueIdentifier)
        builder.append(unknown)
        return builder.build(tag)
    }
}
