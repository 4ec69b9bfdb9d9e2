public import KMIPSpec
public import TTLV

/// Create (KMIP 2.1 section 6.1.8; 1.x 4.1): the server generates a new symmetric key or
/// secret data object.
///
/// KMIP 1.x carries the attributes as a Template-Attribute; 2.x as Attributes, and 2.0 adds
/// Protection Storage Masks.
public struct CreateRequest: RequestPayload {
    public static let operation = Operation.create

    /// The type of object to create (Symmetric Key, Secret Data, ...).
    public var objectType: ObjectType
    public var attributes: Attributes
    /// KMIP 2.0 and later: where the server may store the object.
    public var protectionStorageMasks: TTLVItem?
    public var unknown: [TTLVItem] = []

    public init(objectType: ObjectType, attributes: Attributes, protectionStorageMasks: TTLVItem? = nil) {
        self.objectType = objectType
        self.attributes = attributes
        self.protectionStorageMasks = protectionStorageMasks
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        objectType = try reader.required(.objectType)
        guard let attributes = try reader.attributes(.templateAttribute) else {
            throw KMIPError(.missingField, path: ["RequestPayload"], reason: version < .v2_0 ? "TemplateAttribute is required" : "Attributes is required")
        }
        self.attributes = attributes
        protectionStorageMasks = try reader.optional(.protectionStorageMasks)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.objectType, objectType)
        try builder.add(attributes: attributes, .templateAttribute)
        try builder.add(.protectionStorageMasks, protectionStorageMasks)
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// The response to Create: the new object's type and identifier.
public struct CreateResponse: ResponsePayload {
    public static let operation = Operation.create

    public var objectType: ObjectType
    public var uniqueIdentifier: String
    /// KMIP 1.x only: attributes the server set implicitly (2.0 removed the field).
    public var attributes: Attributes?
    public var unknown: [TTLVItem] = []

    public init(objectType: ObjectType, uniqueIdentifier: String, attributes: Attributes? = nil) {
        self.objectType = objectType
        self.uniqueIdentifier = uniqueIdentifier
        self.attributes = attributes
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        objectType = try reader.required(.objectType)
        uniqueIdentifier = try reader.required(.uniqueIdentifier)
        attributes = try reader.attributes(.templateAttribute)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.objectType, objectType)
        try builder.add(.uniqueIdentifier, uniqueIdentifier)
        if attributes != nil, version >= .v2_0 {
            throw KMIPError(.notInVersion, path: ["ResponsePayload"], reason: "a KMIP \(version) Create response carries no attributes; 2.0 removed the Template-Attribute")
        }
        try builder.add(attributes: attributes, .templateAttribute)
        builder.append(unknown)
        return builder.build(tag)
    }
}
