public import KMIPSpec
public import TTLV

/// Delete Attribute (KMIP 2.1 section 6.1.13; 1.x 4.16): the server deletes an attribute
/// instance, or in 2.x every instance of an attribute.
///
/// KMIP 1.x names the instance by Attribute Name (required) and Attribute Index (0 when
/// absent), and returns the deleted Attribute. KMIP 2.x names it by its Current Attribute
/// value, or names the attribute by Attribute Reference to delete every instance, and returns
/// only the identifier.
public struct DeleteAttributeRequest: RequestPayload {
    public static let operation = Operation.deleteAttribute

    /// The object; the ID Placeholder when absent.
    public var uniqueIdentifier: String?
    /// KMIP 2.0 and later: the instance to delete, by its value.
    public var currentAttribute: Attribute?
    /// The attribute to delete: 1.x Attribute Name (required there), 2.x Attribute Reference
    /// (every instance, when no Current Attribute is given).
    public var attributeReference: AttributeReference?
    /// KMIP 1.x: which instance to delete.
    public var attributeIndex: Int32?
    public var unknown: [TTLVItem] = []

    public init(
        uniqueIdentifier: String? = nil, currentAttribute: Attribute? = nil, attributeReference: AttributeReference? = nil,
        attributeIndex: Int32? = nil
    ) {
        self.uniqueIdentifier = uniqueIdentifier
        self.currentAttribute = currentAttribute
        self.attributeReference = attributeReference
        self.attributeIndex = attributeIndex
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        uniqueIdentifier = try reader.optional(.uniqueIdentifier)
        currentAttribute = try reader.attribute(in: .currentAttribute)
        if version < .v2_0 {
            attributeReference = try reader.required(.attributeName)
        } else {
            attributeReference = try reader.optional(.attributeReference)
        }
        attributeIndex = try reader.optional(.attributeIndex)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        if version < .v2_0, attributeReference == nil {
            throw KMIPError(.missingField, path: [tag.description], reason: "KMIP \(version) requires the AttributeName")
        }
        var builder = StructureBuilder(version: version)
        try builder.add(.uniqueIdentifier, uniqueIdentifier)
        try builder.add(attribute: currentAttribute, in: .currentAttribute)
        try builder.add(AttributeReference.tag(in: version), attributeReference)
        try builder.add(.attributeIndex, attributeIndex)
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// The response to Delete Attribute: the object's identifier, and in 1.x the deleted
/// attribute.
public struct DeleteAttributeResponse: ResponsePayload {
    public static let operation = Operation.deleteAttribute

    public var uniqueIdentifier: String
    /// KMIP 1.x, where it is required: the deleted attribute.
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
