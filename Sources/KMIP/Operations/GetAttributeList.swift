public import KMIPSpec
public import TTLV

/// Get Attribute List (KMIP 2.1 section 6.1.21; 1.x 4.13): the server names the attributes an
/// object has.
///
/// KMIP 1.x returns Attribute Name text; 2.x Attribute References.
public struct GetAttributeListRequest: RequestPayload {
    public static let operation = Operation.getAttributeList

    /// The object; the ID Placeholder when absent.
    public var uniqueIdentifier: String?
    public var unknown: [TTLVItem] = []

    public init(uniqueIdentifier: String? = nil) {
        self.uniqueIdentifier = uniqueIdentifier
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        uniqueIdentifier = try reader.optional(.uniqueIdentifier)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.uniqueIdentifier, uniqueIdentifier)
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// The response to Get Attribute List: the object's attributes, by name.
public struct GetAttributeListResponse: ResponsePayload {
    public static let operation = Operation.getAttributeList

    public var uniqueIdentifier: String
    /// The attributes the object has; the spec requires at least one.
    public var attributeReferences: [AttributeReference]
    public var unknown: [TTLVItem] = []

    public init(uniqueIdentifier: String, attributeReferences: [AttributeReference]) {
        self.uniqueIdentifier = uniqueIdentifier
        self.attributeReferences = attributeReferences
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        uniqueIdentifier = try reader.required(.uniqueIdentifier)
        attributeReferences = try reader.repeated(AttributeReference.tag(in: version))
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.uniqueIdentifier, uniqueIdentifier)
        try builder.add(AttributeReference.tag(in: version), attributeReferences)
        builder.append(unknown)
        return builder.build(tag)
    }
}
