public import KMIPSpec
public import TTLV

/// Create Split Key (KMIP 2.1 section 6.1.10; 1.2 4.38): the server makes a key (or takes the
/// one named) and keeps it as Split Key parts, any Split Key Threshold of which rebuild it.
///
/// KMIP 1.x carries the attributes as a Template-Attribute; 2.x as Attributes, and 2.0 adds
/// Protection Storage Masks.
public struct CreateSplitKeyRequest: RequestPayload {
    public static let operation = Operation.createSplitKey

    /// The type of the parts: Split Key.
    public var objectType: ObjectType
    /// The key to split; absent, the server makes one.
    public var uniqueIdentifier: String?
    public var splitKeyParts: Int32
    public var splitKeyThreshold: Int32
    public var splitKeyMethod: SplitKeyMethod
    /// Only for the Polynomial Sharing Prime Field method.
    public var primeFieldSize: BigInteger?
    public var attributes: Attributes
    /// KMIP 2.0 and later: where the server may store the parts.
    public var protectionStorageMasks: TTLVItem?
    public var unknown: [TTLVItem] = []

    public init(
        objectType: ObjectType = .splitKey, uniqueIdentifier: String? = nil, splitKeyParts: Int32, splitKeyThreshold: Int32,
        splitKeyMethod: SplitKeyMethod, primeFieldSize: BigInteger? = nil, attributes: Attributes, protectionStorageMasks: TTLVItem? = nil
    ) {
        self.objectType = objectType
        self.uniqueIdentifier = uniqueIdentifier
        self.splitKeyParts = splitKeyParts
        self.splitKeyThreshold = splitKeyThreshold
        self.splitKeyMethod = splitKeyMethod
        self.primeFieldSize = primeFieldSize
        self.attributes = attributes
        self.protectionStorageMasks = protectionStorageMasks
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        objectType = try reader.required(.objectType)
        uniqueIdentifier = try reader.optional(.uniqueIdentifier)
        splitKeyParts = try reader.required(.splitKeyParts)
        splitKeyThreshold = try reader.required(.splitKeyThreshold)
        splitKeyMethod = try reader.required(.splitKeyMethod)
        primeFieldSize = try reader.optional(.primeFieldSize)
        attributes = try reader.attributes(.templateAttribute) ?? Attributes()
        protectionStorageMasks = try reader.optional(.protectionStorageMasks)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.objectType, objectType)
        try builder.add(.uniqueIdentifier, uniqueIdentifier)
        try builder.add(.splitKeyParts, splitKeyParts)
        try builder.add(.splitKeyThreshold, splitKeyThreshold)
        try builder.add(.splitKeyMethod, splitKeyMethod)
        try builder.add(.primeFieldSize, primeFieldSize)
        try builder.add(attributes: attributes, .templateAttribute)
        try builder.add(.protectionStorageMasks, protectionStorageMasks)
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// The response to Create Split Key: the parts' identifiers, part 1 first.
public struct CreateSplitKeyResponse: ResponsePayload {
    public static let operation = Operation.createSplitKey

    public var uniqueIdentifiers: [String]
    public var unknown: [TTLVItem] = []

    public init(uniqueIdentifiers: [String]) {
        self.uniqueIdentifiers = uniqueIdentifiers
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        uniqueIdentifiers = try reader.repeated(.uniqueIdentifier)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.uniqueIdentifier, uniqueIdentifiers)
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// Join Split Key (KMIP 2.1 section 6.1.27; 1.2 4.39): the server rebuilds a key (or secret
/// data) from Split Key parts, at least their threshold of them.
public struct JoinSplitKeyRequest: RequestPayload {
    public static let operation = Operation.joinSplitKey

    /// The type of the object to rebuild.
    public var objectType: ObjectType
    public var uniqueIdentifiers: [String]
    /// For Secret Data: which kind the parts make.
    public var secretDataType: SecretDataType?
    public var attributes: Attributes?
    /// KMIP 2.0 and later: where the server may store the object.
    public var protectionStorageMasks: TTLVItem?
    public var unknown: [TTLVItem] = []

    public init(objectType: ObjectType, uniqueIdentifiers: [String], secretDataType: SecretDataType? = nil, attributes: Attributes? = nil,
                protectionStorageMasks: TTLVItem? = nil) {
        self.objectType = objectType
        self.uniqueIdentifiers = uniqueIdentifiers
        self.secretDataType = secretDataType
        self.attributes = attributes
        self.protectionStorageMasks = protectionStorageMasks
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        objectType = try reader.required(.objectType)
        uniqueIdentifiers = try reader.repeated(.uniqueIdentifier)
        secretDataType = try reader.optional(.secretDataType)
        attributes = try reader.attributes(.templateAttribute)
        protectionStorageMasks = try reader.optional(.protectionStorageMasks)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.objectType, objectType)
        try builder.add(.uniqueIdentifier, uniqueIdentifiers)
        try builder.add(.secretDataType, secretDataType)
        try builder.add(attributes: attributes, .templateAttribute)
        try builder.add(.protectionStorageMasks, protectionStorageMasks)
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// The response to Join Split Key: the rebuilt object's identifier.
public struct JoinSplitKeyResponse: UniqueIdentifierResponse {
    public static let operation = Operation.joinSplitKey

    public var uniqueIdentifier: String
    public var unknown: [TTLVItem] = []

    public init(uniqueIdentifier: String) {
        self.uniqueIdentifier = uniqueIdentifier
    }
}
