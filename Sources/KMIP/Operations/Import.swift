public import KMIPSpec
public import TTLV

/// Import (KMIP 2.1 section 6.1.25; 1.4 4.41), KMIP 1.4 and later: the client hands the
/// server an object with all its attributes, under an identifier it chooses.
///
/// KMIP 1.4 lists the attributes as Attribute items and has no Object Type field; 2.x carries
/// an Attributes structure and requires Object Type.
public struct ImportRequest: RequestPayload {
    public static let operation = Operation.import

    public var uniqueIdentifier: String
    /// Required in 2.x, where `nil` writes the object's type; the 1.4 table has no Object Type,
    /// so at 1.4 it is written only when set.
    public var objectType: ObjectType?
    /// Whether to replace an existing object with the same identifier.
    public var replaceExisting: Bool?
    /// Not Wrapped: the server unwraps the object before storing it.
    public var keyWrapType: KeyWrapType?
    public var attributes: Attributes
    public var object: ManagedObject
    public var unknown: [TTLVItem] = []

    public init(
        uniqueIdentifier: String, objectType: ObjectType? = nil, replaceExisting: Bool? = nil,
        keyWrapType: KeyWrapType? = nil, attributes: Attributes, object: ManagedObject
    ) {
        self.uniqueIdentifier = uniqueIdentifier
        self.objectType = objectType
        self.replaceExisting = replaceExisting
        self.keyWrapType = keyWrapType
        self.attributes = attributes
        self.object = object
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        uniqueIdentifier = try reader.required(.uniqueIdentifier)
        objectType = version < .v2_0 ? try reader.optional(.objectType) : try reader.required(.objectType)
        replaceExisting = try reader.optional(.replaceExisting)
        keyWrapType = try reader.optional(.keyWrapType)
        let attributes = try reader.optionalAttributeList()
        if attributes == nil, version >= .v2_0 {
            throw KMIPError(.missingField, path: [reader.tag.description], reason: "Attributes is required")
        }
        self.attributes = attributes ?? []
        object = try reader.requiredManagedObject(objectType)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        try checkImportExport(version)
        var builder = StructureBuilder(version: version)
        try builder.add(.uniqueIdentifier, uniqueIdentifier)
        try builder.add(.objectType, version < .v2_0 ? objectType : objectType ?? object.objectType)
        try builder.add(.replaceExisting, replaceExisting)
        try builder.add(.keyWrapType, keyWrapType)
        try builder.add(attributeList: attributes)
        try builder.add(object)
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// The response to Import: the object's identifier.
public struct ImportResponse: ResponsePayload {
    public static let operation = Operation.import

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
        try checkImportExport(version)
        var builder = StructureBuilder(version: version)
        try builder.add(.uniqueIdentifier, uniqueIdentifier)
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// Throws `notInVersion` before KMIP 1.4, which introduced Import and Export.
func checkImportExport(_ version: KMIPVersion) throws(KMIPError) {
    guard version >= .v1_4 else {
        throw KMIPError(.notInVersion, reason: "Import and Export are defined in KMIP 1.4 and later, not \(version)")
    }
}
