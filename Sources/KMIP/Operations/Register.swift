public import KMIPSpec
public import TTLV

/// Register (KMIP 2.1 section 6.1.43; 1.x 4.3): the client hands the server an object to
/// manage.
///
/// KMIP 1.x carries the attributes as a Template-Attribute; 2.x as Attributes, and adds
/// Protection Storage Masks (2.0 section 6.1.39 already lists them).
public struct RegisterRequest: RequestPayload {
    public static let operation = Operation.register

    public var objectType: ObjectType
    public var attributes: Attributes
    public var object: ManagedObject
    /// KMIP 2.0 and later: where the server may store the object. (Kept as an item, as in
    /// `CreateRequest`.)
    public var protectionStorageMasks: TTLVItem?
    public var unknown: [TTLVItem] = []

    public init(objectType: ObjectType, attributes: Attributes, object: ManagedObject, protectionStorageMasks: TTLVItem? = nil) {
        self.objectType = objectType
        self.attributes = attributes
        self.object = object
        self.protectionStorageMasks = protectionStorageMasks
    }

    /// A request whose Object Type is the object's.
    public init(object: ManagedObject, attributes: Attributes, protectionStorageMasks: TTLVItem? = nil) {
        self.init(objectType: object.objectType, attributes: attributes, object: object, protectionStorageMasks: protectionStorageMasks)
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        objectType = try reader.required(.objectType)
        guard let attributes = try reader.attributes(.templateAttribute) else {
            throw KMIPError(.missingField, path: ["RequestPayload"], reason: version < .v2_0 ? "TemplateAttribute is required" : "Attributes is required")
        }
        self.attributes = attributes
        object = try reader.requiredManagedObject(objectType)
        protectionStorageMasks = try reader.optional(.protectionStorageMasks)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.objectType, objectType)
        try builder.add(attributes: attributes, .templateAttribute)
        try builder.add(object)
        try builder.add(.protectionStorageMasks, protectionStorageMasks)
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// The response to Register: the new object's identifier.
public struct RegisterResponse: NewObjectResponse {
    public static let operation = Operation.register

    public var uniqueIdentifier: String
    /// KMIP 1.x: attributes the server set implicitly.
    public var attributes: Attributes?
    public var unknown: [TTLVItem] = []

    public init(uniqueIdentifier: String, attributes: Attributes? = nil) {
        self.uniqueIdentifier = uniqueIdentifier
        self.attributes = attributes
    }
}
