public import KMIPSpec
public import TTLV

/// Set Attribute (KMIP 2.1 section 6.1.51; 2.0 6.1.47): the server adds a single-instance
/// attribute or replaces its one value. KMIP 2.0 introduced the operation; writing its payloads
/// for 1.x throws `notInVersion`.
public struct SetAttributeRequest: RequestPayload {
    public static let operation = Operation.setAttribute

    /// The object; the ID Placeholder when absent.
    public var uniqueIdentifier: String?
    /// The attribute's new value.
    public var attribute: Attribute
    public var unknown: [TTLVItem] = []

    public init(uniqueIdentifier: String? = nil, attribute: Attribute) {
        self.uniqueIdentifier = uniqueIdentifier
        self.attribute = attribute
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        uniqueIdentifier = try reader.optional(.uniqueIdentifier)
        attribute = try reader.newAttribute()
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        _ = try Self.operation.ttlv(.operation, version: version) // notInVersion before 2.0
        var builder = StructureBuilder(version: version)
        try builder.add(.uniqueIdentifier, uniqueIdentifier)
        try builder.add(newAttribute: attribute)
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// The response to Set Attribute: the object's identifier.
public struct SetAttributeResponse: ResponsePayload {
    public static let operation = Operation.setAttribute

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
