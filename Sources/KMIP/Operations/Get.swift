public import KMIPSpec
public import TTLV

/// Get (KMIP 2.1 section 6.1.19; 1.x 4.11): the client asks for a managed object, optionally
/// in a given format, compressed or wrapped.
///
/// Key Wrap Type arrived in KMIP 1.4.
public struct GetRequest: RequestPayload {
    public static let operation = Operation.get

    /// The object; absent means the ID Placeholder.
    public var uniqueIdentifier: String?
    public var keyFormatType: KeyFormatType?
    /// KMIP 1.4 and later.
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

/// The response to Get: the object, its type and identifier.
public struct GetResponse: ResponsePayload {
    public static let operation = Operation.get

    public var objectType: ObjectType
    public var uniqueIdentifier: String
    public var object: ManagedObject
    public var unknown: [TTLVItem] = []

    public init(objectType: ObjectType, uniqueIdentifier: String, object: ManagedObject) {
        self.objectType = objectType
        self.uniqueIdentifier = uniqueIdentifier
        self.object = object
    }

    /// A response whose Object Type is the object's.
    public init(uniqueIdentifier: String, object: ManagedObject) {
        self.init(objectType: object.objectType, uniqueIdentifier: uniqueIdentifier, object: object)
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        objectType = try reader.required(.objectType)
        uniqueIdentifier = try reader.required(.uniqueIdentifier)
        object = try reader.requiredManagedObject(objectType)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.objectType, objectType)
        try builder.add(.uniqueIdentifier, uniqueIdentifier)
        try builder.add(object)
        builder.append(unknown)
        return builder.build(tag)
    }
}
