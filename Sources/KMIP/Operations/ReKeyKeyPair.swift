public import KMIPSpec
public import TTLV

/// Re-key Key Pair (KMIP 2.1 section 6.1.47; 1.x 4.5): the server generates a replacement for
/// a public/private key pair, copying its attributes.
///
/// KMIP 1.x carries the attributes as Common, Private Key and Public Key Template-Attributes;
/// 2.x as Common, Private Key and Public Key Attributes, and adds Common, Private and Public
/// Protection Storage Masks (2.0 section 6.1.43 already lists them).
public struct ReKeyKeyPairRequest: RequestPayload {
    public static let operation = Operation.reKeyKeyPair

    /// The private key of the pair to replace; the ID Placeholder when absent.
    public var privateKeyUniqueIdentifier: String?
    /// The time from the replacements' Initial Date to their Activation Date.
    public var offset: Interval?
    /// Attributes for both replacement keys.
    public var commonAttributes: Attributes?
    /// Attributes for the replacement private key.
    public var privateKeyAttributes: Attributes?
    /// Attributes for the replacement public key.
    public var publicKeyAttributes: Attributes?
    /// KMIP 2.0 and later: where the server may store both keys. (Kept as an item, as in
    /// `CreateRequest`.)
    public var commonProtectionStorageMasks: TTLVItem?
    /// KMIP 2.0 and later: where the server may store the private key.
    public var privateProtectionStorageMasks: TTLVItem?
    /// KMIP 2.0 and later: where the server may store the public key.
    public var publicProtectionStorageMasks: TTLVItem?
    public var unknown: [TTLVItem] = []

    public init(
        privateKeyUniqueIdentifier: String? = nil, offset: Interval? = nil, commonAttributes: Attributes? = nil,
        privateKeyAttributes: Attributes? = nil, publicKeyAttributes: Attributes? = nil,
        commonProtectionStorageMasks: TTLVItem? = nil, privateProtectionStorageMasks: TTLVItem? = nil,
        publicProtectionStorageMasks: TTLVItem? = nil
    ) {
        self.privateKeyUniqueIdentifier = privateKeyUniqueIdentifier
        self.offset = offset
        self.commonAttributes = commonAttributes
        self.privateKeyAttributes = privateKeyAttributes
        self.publicKeyAttributes = publicKeyAttributes
        self.commonProtectionStorageMasks = commonProtectionStorageMasks
        self.privateProtectionStorageMasks = privateProtectionStorageMasks
        self.publicProtectionStorageMasks = publicProtectionStorageMasks
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        privateKeyUniqueIdentifier = try reader.optional(.privateKeyUniqueIdentifier)
        offset = try reader.optional(.offset)
        commonAttributes = try reader.attributes(.commonTemplateAttribute)
        privateKeyAttributes = try reader.attributes(.privateKeyTemplateAttribute)
        publicKeyAttributes = try reader.attributes(.publicKeyTemplateAttribute)
        commonProtectionStorageMasks = try reader.optional(.commonProtectionStorageMasks)
        privateProtectionStorageMasks = try reader.optional(.privateProtectionStorageMasks)
        publicProtectionStorageMasks = try reader.optional(.publicProtectionStorageMasks)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.privateKeyUniqueIdentifier, privateKeyUniqueIdentifier)
        try builder.add(.offset, offset)
        try builder.add(attributes: commonAttributes, .commonTemplateAttribute)
        try builder.add(attributes: privateKeyAttributes, .privateKeyTemplateAttribute)
        try builder.add(attributes: publicKeyAttributes, .publicKeyTemplateAttribute)
        try builder.add(.commonProtectionStorageMasks, commonProtectionStorageMasks)
        try builder.add(.privateProtectionStorageMasks, privateProtectionStorageMasks)
        try builder.add(.publicProtectionStorageMasks, publicProtectionStorageMasks)
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// The response to Re-key Key Pair: the identifiers of the replacement keys.
public struct ReKeyKeyPairResponse: ResponsePayload {
    public static let operation = Operation.reKeyKeyPair

    public var privateKeyUniqueIdentifier: String
    public var publicKeyUniqueIdentifier: String
    /// KMIP 1.x: private key attributes the server set implicitly.
    public var privateKeyAttributes: Attributes?
    /// KMIP 1.x: public key attributes the server set implicitly.
    public var publicKeyAttributes: Attributes?
    public var unknown: [TTLVItem] = []

    public init(
        privateKeyUniqueIdentifier: String, publicKeyUniqueIdentifier: String,
        privateKeyAttributes: Attributes? = nil, publicKeyAttributes: Attributes? = nil
    ) {
        self.privateKeyUniqueIdentifier = privateKeyUniqueIdentifier
        self.publicKeyUniqueIdentifier = publicKeyUniqueIdentifier
        self.privateKeyAttributes = privateKeyAttributes
        self.publicKeyAttributes = publicKeyAttributes
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        privateKeyUniqueIdentifier = try reader.required(.privateKeyUniqueIdentifier)
        publicKeyUniqueIdentifier = try reader.required(.publicKeyUniqueIdentifier)
        privateKeyAttributes = try reader.attributes(.privateKeyTemplateAttribute)
        publicKeyAttributes = try reader.attributes(.publicKeyTemplateAttribute)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.privateKeyUniqueIdentifier, privateKeyUniqueIdentifier)
        try builder.add(.publicKeyUniqueIdentifier, publicKeyUniqueIdentifier)
        try builder.add(attributes: privateKeyAttributes, .privateKeyTemplateAttribute)
        try builder.add(attributes: publicKeyAttributes, .publicKeyTemplateAttribute)
        builder.append(unknown)
        return builder.build(tag)
    }
}
