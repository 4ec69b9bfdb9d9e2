public import KMIPSpec
public import TTLV

/// Derive Key (KMIP 2.1 section 6.1.14; 1.x 4.6): the server derives a symmetric key or
/// secret data from managed keys or secret data.
///
/// KMIP 1.x carries the attributes as a Template-Attribute; 2.x as Attributes.
public struct DeriveKeyRequest: RequestPayload {
    public static let operation = Operation.deriveKey

    /// The type of object to derive (Symmetric Key, Secret Data).
    public var objectType: ObjectType
    /// The objects to derive from; at least one. The ID Placeholder is never used here.
    public var uniqueIdentifiers: [String]
    public var derivationMethod: DerivationMethod
    public var derivationParameters: DerivationParameters
    /// Attributes for the new object; always Cryptographic Length, and Cryptographic Algorithm
    /// for a key.
    public var attributes: Attributes
    public var unknown: [TTLVItem] = []

    public init(
        objectType: ObjectType, uniqueIdentifiers: [String], derivationMethod: DerivationMethod,
        derivationParameters: DerivationParameters, attributes: Attributes
    ) {
        self.objectType = objectType
        self.uniqueIdentifiers = uniqueIdentifiers
        self.derivationMethod = derivationMethod
        self.derivationParameters = derivationParameters
        self.attributes = attributes
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        objectType = try reader.required(.objectType)
        uniqueIdentifiers = try reader.repeated(.uniqueIdentifier)
        guard !uniqueIdentifiers.isEmpty else {
            throw KMIPError(.missingField, path: [item.tag.description], reason: "UniqueIdentifier is required")
        }
        derivationMethod = try reader.required(.derivationMethod)
        derivationParameters = try reader.required(.derivationParameters)
        guard let attributes = try reader.attributes(.templateAttribute) else {
            throw KMIPError(.missingField, path: [item.tag.description], reason: version < .v2_0 ? "TemplateAttribute is required" : "Attributes is required")
        }
        self.attributes = attributes
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        guard !uniqueIdentifiers.isEmpty else {
            throw KMIPError(.missingField, path: [tag.description], reason: "UniqueIdentifier is required")
        }
        var builder = StructureBuilder(version: version)
        try builder.add(.objectType, objectType)
        try builder.add(.uniqueIdentifier, uniqueIdentifiers)
        try builder.add(.derivationMethod, derivationMethod)
        try builder.add(.derivationParameters, derivationParameters)
        try builder.add(attributes: attributes, .templateAttribute)
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// The response to Derive Key: the new object's identifier.
public struct DeriveKeyResponse: NewObjectResponse {
    public static let operation = Operation.deriveKey

    public var uniqueIdentifier: String
    /// KMIP 1.x: attributes the server set implicitly.
    public var attributes: Attributes?
    public var unknown: [TTLVItem] = []

    public init(uniqueIdentifier: String, attributes: Attributes? = nil) {
        self.uniqueIdentifier = uniqueIdentifier
        self.attributes = attributes
    }
}

/// Derivation Parameters (KMIP 2.1 section 7.12; 1.x 4.6): the inputs of a derivation method.
///
/// Salt and Iteration Count are for PBKDF2 (and the salt for HKDF). KMIP 2.0 lets Derivation
/// Data repeat; 1.x allows one.
public struct DerivationParameters: Hashable, Sendable, TTLVCodable {
    /// The PRF or its mode of operation (hash algorithm, block cipher mode, ...).
    public var cryptographicParameters: CryptographicParameters?
    public var initializationVector: [UInt8]?
    /// The data to encrypt, hash or MAC; absent when a Secret Data object provides it.
    public var derivationData: [[UInt8]]
    public var salt: [UInt8]?
    public var iterationCount: Int32?
    public var unknown: [TTLVItem] = []

    public init(
        cryptographicParameters: CryptographicParameters? = nil, initializationVector: [UInt8]? = nil,
        derivationData: [[UInt8]] = [], salt: [UInt8]? = nil, iterationCount: Int32? = nil
    ) {
        self.cryptographicParameters = cryptographicParameters
        self.initializationVector = initializationVector
        self.derivationData = derivationData
        self.salt = salt
        self.iterationCount = iterationCount
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        cryptographicParameters = try reader.optional(.cryptographicParameters)
        initializationVector = try reader.optional(.initializationVector)
        derivationData = try reader.repeated(.derivationData)
        salt = try reader.optional(.salt)
        iterationCount = try reader.optional(.iterationCount)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        if version < .v2_0, derivationData.count > 1 {
            throw KMIPError(.notInVersion, path: [tag.description], reason: "KMIP \(version) allows one Derivation Data; 2.0 lets it repeat")
        }
        var builder = StructureBuilder(version: version)
        try builder.add(.cryptographicParameters, cryptographicParameters)
        try builder.add(.initializationVector, initializationVector)
        try builder.add(.derivationData, derivationData)
        try builder.add(.salt, salt)
        try builder.add(.iterationCount, iterationCount)
        builder.append(unknown)
        return builder.build(tag)
    }
}
