public import KMIPSpec
public import TTLV

/// Get Attributes (KMIP 2.1 section 6.1.20; 1.x 4.12): the server returns attributes of an
/// object.
///
/// KMIP 1.x names the attributes with Attribute Name text and returns Attribute structures;
/// 2.x names them with Attribute References and returns an Attributes structure.
public struct GetAttributesRequest: RequestPayload {
    public static let operation = Operation.getAttributes

    /// The object; the ID Placeholder when absent.
    public var uniqueIdentifier: String?
    /// The attributes to return, each at most once; every attribute when empty.
    public var attributeReferences: [AttributeReference]
    public var unknown: [TTLVItem] = []

    public init(uniqueIdentifier: String? = nil, attributeReferences: [AttributeReference] = []) {
        self.uniqueIdentifier = uniqueIdentifier
        self.attributeReferences = attributeReferences
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        uniqueIdentifier = try reader.optional(.uniqueIdentifier)
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

/// The response to Get Attributes: every instance of the requested attributes the object has.
public struct GetAttributesResponse: ResponsePayload {
    public static let operation = Operation.getAttributes

    public var uniqueIdentifier: String
    /// 1.x Attribute structures, 2.x the Attributes structure.
    public var attributes: Attributes
    public var unknown: [TTLVItem] = []

    public init(uniqueIdentifier: String, attributes: Attributes = []) {
        self.uniqueIdentifier = uniqueIdentifier
        self.attributes = attributes
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        uniqueIdentifier = try reader.required(.uniqueIdentifier)
        attributes = try reader.attributeList()
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.uniqueIdentifier, uniqueIdentifier)
        try builder.add(attributeList: attributes)
        builder.append(unknown)
        return builder.build(tag)
    }
}
