public import KMIPSpec
public import TTLV

/// Modify Attribute (KMIP 2.1 section 6.1.34; 1.x 4.15): the server changes the value of an
/// existing attribute instance.
///
/// KMIP 1.x sends the new value as an Attribute structure whose name and index pick the
/// instance, and returns it; 2.x sends an optional Current Attribute (the instance's present
/// value) and a New Attribute, and returns only the identifier.
public struct ModifyAttributeRequest: RequestPayload {
    public static let operation = Operation.modifyAttribute

    /// The object; the ID Placeholder when absent.
    public var uniqueIdentifier: String?
    /// KMIP 2.0 and later: the instance to change, by its present value; needed only when the
    /// attribute has several instances.
    public var currentAttribute: Attribute?
    /// The new value.
    public var attribute: Attribute
    public var unknown: [TTLVItem] = []

    public init(uniqueIdentifier: String? = nil, currentAttribute: Attribute? = nil, attribute: Attribute) {
        self.uniqueIdentifier = uniqueIdentifier
        self.currentAttribute = currentAttribute
        self.attribute = attribute
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        uniqueIdentifier = try reader.optional(.uniqueIdentifier)
        currentAttribute = try reader.attribute(in: .currentAttribute)
        attribute = try reader.newAttribute()
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.uniqueIdentifier, uniqueIdentifier)
        try builder.add(attribute: currentAttribute, in: .currentAttribute)
        try builder.add(newAttribute: attribute)
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// The response to Modify Attribute: the object's identifier, and in 1.x the modified
/// attribute with its new value.
public struct ModifyAttributeResponse: ResponsePayload {
    public static let operation = Operation.modifyAttribute

    public var uniqueIdentifier: String
    /// KMIP 1.x, where it is required: the attribute with its new value.
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
