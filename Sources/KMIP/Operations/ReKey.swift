public import KMIPSpec
public import TTLV

/// Re-key (KMIP 2.1 section 6.1.46; 1.x 4.4): the server generates a replacement for a
/// symmetric key, copying its attributes.
///
/// KMIP 1.x carries the attributes as a Template-Attribute; 2.x as Attributes, and adds
/// Protection Storage Masks (2.0 section 6.1.42 already lists them).
public struct ReKeyRequest: RequestPayload {
    public static let operation = Operation.reKey

    /// The key to replace; the ID Placeholder when absent.
    public var uniqueIdentifier: String?
    /// The time from the replacement's Initial Date to its Activation Date.
    public var offset: Interval?
    /// Attributes for the replacement key.
    public var attributes: Attributes?
    /// KMIP 2.0 and later: where the server may store the replacement key. (Kept as an item,
    /// as in `CreateRequest`.)
    public var protectionStorageMasks: TTLVItem?
    public var unknown: [TTLVItem] = []

    public init(uniqueIdentifier: String? = nil, offset: Interval? = nil, attributes: Attributes? = nil, protectionStorageMasks: TTLVItem? = nil) {
        self.uniqueIdentifier = uniqueIdentifier
        self.offset = offset
        self.attributes = attributes
        self.protectionStorageMasks = protectionStorageMasks
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        uniqueIdentifier = try reader.optional(.uniqueIdentifier)
        offset = try reader.optional(.offset)
        attributes = try reader.attributes(.templateAttribute)
        protectionStorageMasks = try reader.optional(.protectionStorageMasks)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.uniqueIdentifier, uniqueIdentifier)
        try builder.add(.offset, offset)
        try builder.add(attributes: attributes, .templateAttribute)
        try builder.add(.protectionStorageMasks, protectionStorageMasks)
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// The response to Re-key: the replacement key's identifier.
public struct ReKeyResponse: NewObjectResponse {
    public static let operation = Operation.reKey

    public var uniqueIdentifier: String
    /// KMIP 1.x: attributes the server set implicitly.
    public var attributes: Attributes?
    public var unknown: [TTLVItem] = []

    public init(uniqueIdentifier: String, attributes: Attributes? = nil) {
        self.uniqueIdentifier = uniqueIdentifier
        self.attributes = attributes
    }
}
