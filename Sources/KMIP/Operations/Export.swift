public import KMIPSpec
public import TTLV

/// Export (KMIP 2.1 section 6.1.18; 1.4 4.40), KMIP 1.4 and later: the client asks for a
/// managed object together with all its attributes. The request reads as Get's.
public struct ExportRequest: RequestPayload {
    public static let operation = Operation.export

    /// The object; absent means the ID Placeholder.
    public var uniqueIdentifier: String?
    public var keyFormatType: KeyFormatType?
    public var keyWrapType: KeyWrapType?
    public var keyCompressionType: KeyCompressionType?
    public var keyWrappingSpecification: KeyWrappingSpecification?
    public var unknown: [TTLVItem] = []

    public init(
        uniqueIdentifier: String? = nil, keyFormatType: KeyFormatType? = nil, keyWrapType: KeyWrapType? = nil,
        keyCompressionType: KeyCompressionType? = nil, keyWrappingSpecification: KeyWrappingSpecification? = nil
    ) {
        self.uniqueIdentifier = uniqueIdentifier
        self.keyFormatType = keyFormatType
        self.keyWrapType = keyWrapType
        self.keyCompressionType = keyCompressionType
        self.keyWrappingSpecification = keyWrappingSpecification
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        uniqueIdentifier = try reader.optional(.uniqueIdentifier)
        keyFormatType = try reader.optional(.keyFormatType)
        keyWrapType = try reader.optional(.keyWrapType)
        keyCompressionType = try reader.optional(.keyCompressionType)
        keyWrappingSpecification = try reader.optional(.keyWrappingSpecification)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        try checkImportExport(version)
        var builder = StructureBuilder(version: version)
        try builder.add(.uniqueIdentifier, uniqueIdentifier)
        try builder.add(.keyFormatType, keyFormatType)
        try builder.add(.keyWrapType, keyWrapType)
        try builder.add(.keyCompressionType, keyCompressionType)
        try builder.add(.keyWrappingSpecification, keyWrappingSpecification)
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// The response to Export: the object with its type, identifier and all its attributes.
///
/// KMIP 1.4 lists the attributes as Attribute items; 2.x carries an Attributes structure.
public struct ExportResponse: ResponsePayload {
    public static let operation = Operation.export

    public var objectType: ObjectType
    public var uniqueIdentifier: String
    public var attributes: Attributes
    public var object: ManagedObject
    public var unknown: [TTLVItem] = []

    public init(objectType: ObjectType, uniqueIdentifier: String, attributes: Attributes, object: ManagedObject) {
        self.objectType = objectType
        self.uniqueIdentifier = uniqueIdentifier
        self.attributes = attributes
        self.object = object
    }

    /// A response whose Object Type is the object's.
    public init(uniqueIdentifier: String, attributes: Attributes, object: ManagedObject) {
        self.init(objectType: object.objectType, uniqueIdentifier: uniqueIdentifier, attributes: attributes, object: object)
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        objectType = try reader.required(.objectType)
        uniqueIdentifier = try reader.required(.uniqueIdentifier)
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
        try builder.add(.objectType, objectType)
        try builder.add(.uniqueIdentifier, uniqueIdentifier)
        try builder.add(attributeList: attributes)
        try builder.add(object)
        builder.append(unknown)
        return builder.build(tag)
    }
}
