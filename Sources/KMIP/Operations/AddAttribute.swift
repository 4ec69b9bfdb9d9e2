public import KMIPSpec
public import TTLV

/// Add Attribute (KMIP 2.1 section 6.1.2; 1.x 4.14): the server adds an attribute instance to
/// an object.
///
/// KMIP 1.x sends an Attribute structure and returns it; 2.x sends the attribute in a New
/// Attribute structure and returns only the identifier.
public struct AddAttributeRequest: RequestPayload {
    public static let operation = Operation.addAttribute

    /// The object; the ID Placeholder when absent.
    public var uniqueIdentifier: String?
    /// The attribute to add.
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
        var builder = StructureBuilder(version: version)
        try builder.add(.uniqueIdentifier, uniqueIdentifier)
        try builder.add(newAttribute: attribute)
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// The response to Add Attribute: the object's identifier, and in 1.x the added attribute.
public struct AddAttributeResponse: ResponsePayload {
    public static let operation = Operation.addAttribute

    public var uniqueIdentifier: String
    /// KMIP 1.x, where it is required: the added attribute.
    public var attribute: Attribute?
    public var unknown: [TTLVItem] = []

    public init(uniqueIdentifier: String, attribute: Attribute? = nil) {
        self.uniqueIdentifier = uniqueIdentifier
        self.attribute = attribute
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        uniqueIdentifier = try reader.required(.uniqueIdentifier)
        attribute = try reader.v1Attribute()
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.uniqueIdentifier, uniqueIdentifier)
        try builder.add(v1Attribute: attribute)
        builder.append(unknown)
        return builder.build(tag)
    }
}
