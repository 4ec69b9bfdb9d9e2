public import KMIPSpec
public import TTLV

/// Symmetric Key (KMIP 2.1 section 2.9; 1.x 2.2.2).
public struct SymmetricKey: Hashable, Sendable, TTLVCodable {
    public var keyBlock: KeyBlock
    public var unknown: [TTLVItem] = []

    public init(keyBlock: KeyBlock) {
        self.keyBlock = keyBlock
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        keyBlock = try reader.required(.keyBlock)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.keyBlock, keyBlock)
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// Public Key (KMIP 2.1 section 2.6; 1.x 2.2.3).
public struct PublicKey: Hashable, Sendable, TTLVCodable {
    public var keyBlock: KeyBlock
    public var unknown: [TTLVItem] = []

    public init(keyBlock: KeyBlock) {
        self.keyBlock = keyBlock
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        keyBlock = try reader.required(.keyBlock)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.keyBlock, keyBlock)
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// Private Key (KMIP 2.1 section 2.5; 1.x 2.2.4).
public struct PrivateKey: Hashable, Sendable, TTLVCodable {
    public var keyBlock: KeyBlock
    public var unknown: [TTLVItem] = []

    public init(keyBlock: KeyBlock) {
        self.keyBlock = keyBlock
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        keyBlock = try reader.required(.keyBlock)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.keyBlock, keyBlock)
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// Secret Data (KMIP 2.1 section 2.7; 1.x 2.2.7): a shared secret such as a password, in a
/// Key Block.
public struct SecretData: Hashable, Sendable, TTLVCodable {
    public var secretDataType: SecretDataType
    public var keyBlock: KeyBlock
    public var unknown: [TTLVItem] = []

    public init(secretDataType: SecretDataType, keyBlock: KeyBlock) {
        self.secretDataType = secretDataType
        self.keyBlock = keyBlock
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        secretDataType = try reader.required(.secretDataType)
        keyBlock = try reader.required(.keyBlock)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.secretDataType, secretDataType)
        try builder.add(.keyBlock, keyBlock)
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// Opaque Object (KMIP 2.1 section 2.3; 1.x 2.2.8): data the server need not interpret. Its
/// value may be secret, so it prints only its length.
public struct OpaqueObject: Hashable, Sendable, TTLVCodable, SensitiveValue {
    public var opaqueDataType: OpaqueDataType
    public var opaqueDataValue: [UInt8]
    public var unknown: [TTLVItem] = []

    public init(opaqueDataType: OpaqueDataType, opaqueDataValue: [UInt8]) {
        self.opaqueDataType = opaqueDataType
        self.opaqueDataValue = opaqueDataValue
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        opaqueDataType = try reader.required(.opaqueDataType)
        opaqueDataValue = try reader.required(.opaqueDataValue)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.opaqueDataType, opaqueDataType)
        try builder.add(.opaqueDataValue, opaqueDataValue)
        builder.append(unknown)
        return builder.build(tag)
    }

    public var description: String {
        redacted("OpaqueObject", ["opaqueDataType": opaqueDataType.description, "opaqueDataValue": byteCount(opaqueDataValue)])
    }
}

/// Certificate (KMIP 2.1 section 2.1; 1.x 2.2.1): a DER-encoded certificate.
public struct Certificate: Hashable, Sendable, TTLVCodable {
    public var certificateType: CertificateType
    public var certificateValue: [UInt8]
    public var unknown: [TTLVItem] = []

    public init(certificateType: CertificateType, certificateValue: [UInt8]) {
        self.certificateType = certificateType
        self.certificateValue = certificateValue
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        certificateType = try reader.required(.certificateType)
        certificateValue = try reader.required(.certificateValue)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.certificateType, certificateType)
        try builder.add(.certificateValue, certificateValue)
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// Certificate Request object (KMIP 2.1 section 2.2), KMIP 2.0 and later. (In 1.x, Certificate
/// Request is a Byte String field of Certify, not a managed object.)
public struct CertificateRequest: Hashable, Sendable, TTLVCodable {
    public var certificateRequestType: CertificateRequestType
    public var certificateRequestValue: [UInt8]
    public var unknown: [TTLVItem] = []

    public init(certificateRequestType: CertificateRequestType, certificateRequestValue: [UInt8]) {
        self.certificateRequestType = certificateRequestType
        self.certificateRequestValue = certificateRequestValue
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        certificateRequestType = try reader.required(.certificateRequestType)
        certificateRequestValue = try reader.required(.certificateRequestValue)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.certificateRequestType, certificateRequestType)
        try builder.add(.certificateRequestValue, certificateRequestValue)
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// Split Key (KMIP 2.1 section 2.8; 1.x 2.2.5): one part of a secret split among key holders.
public struct SplitKey: Hashable, Sendable, TTLVCodable {
    public var splitKeyParts: Int32
    public var keyPartIdentifier: Int32
    public var splitKeyThreshold: Int32
    public var splitKeyMethod: SplitKeyMethod
    /// Required only for the Polynomial Sharing Prime Field method.
    public var primeFieldSize: BigInteger?
    public var keyBlock: KeyBlock
    public var unknown: [TTLVItem] = []

    public init(
        splitKeyParts: Int32, keyPartIdentifier: Int32, splitKeyThreshold: Int32, splitKeyMethod: SplitKeyMethod,
        primeFieldSize: BigInteger? = nil, keyBlock: KeyBlock
    ) {
        self.splitKeyParts = splitKeyParts
        self.keyPartIdentifier = keyPartIdentifier
        self.splitKeyThreshold = splitKeyThreshold
        self.splitKeyMethod = splitKeyMethod
        self.primeFieldSize = primeFieldSize
        self.keyBlock = keyBlock
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        splitKeyParts = try reader.required(.splitKeyParts)
        keyPartIdentifier = try reader.required(.keyPartIdentifier)
        splitKeyThreshold = try reader.required(.splitKeyThreshold)
        splitKeyMethod = try reader.required(.splitKeyMethod)
        primeFieldSize = try reader.optional(.primeFieldSize)
        keyBlock = try reader.required(.keyBlock)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.splitKeyParts, splitKeyParts)
        try builder.add(.keyPartIdentifier, keyPartIdentifier)
        try builder.add(.splitKeyThreshold, splitKeyThreshold)
        try builder.add(.splitKeyMethod, splitKeyMethod)
        try builder.add(.primeFieldSize, primeFieldSize)
        try builder.add(.keyBlock, keyBlock)
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// Template (KMIP 1.x section 2.2.6): named attributes for new objects; deprecated in 1.3 and
/// removed in 2.0. It holds 1.x Attribute items only.
public struct Template: Hashable, Sendable, TTLVCodable {
    public var attributes: Attributes
    public var unknown: [TTLVItem] = []

    public init(attributes: Attributes) {
        self.attributes = attributes
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        attributes = try Attributes(v1Items: try reader.repeated(.attribute), version: version)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        builder.append(try attributes.v1Items(version: version))
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// PGP Key (KMIP 2.1 section 2.4; 1.x 2.2.9), KMIP 1.2 and later: an ASCII-armored PGP key in
/// a Key Block.
public struct PGPKey: Hashable, Sendable, TTLVCodable {
    public var pgpKeyVersion: Int32
    public var keyBlock: KeyBlock
    public var unknown: [TTLVItem] = []

    public init(pgpKeyVersion: Int32, keyBlock: KeyBlock) {
        self.pgpKeyVersion = pgpKeyVersion
        self.keyBlock = keyBlock
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        pgpKeyVersion = try reader.required(.pgpKeyVersion)
        keyBlock = try reader.required(.keyBlock)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.pgpKeyVersion, pgpKeyVersion)
        try builder.add(.keyBlock, keyBlock)
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// A managed object as payloads carry it (KMIP 2.1 section 2; 1.x 2.2), one case per object
/// type. The item's tag says which object it is. Indirect: an object is copied as one
/// reference rather than its 500-odd bytes of key block (payloads, stored objects and the
/// tasks that carry them copy it often).
public indirect enum ManagedObject: Hashable, Sendable {
    case certificate(Certificate)
    case symmetricKey(SymmetricKey)
    case publicKey(PublicKey)
    case privateKey(PrivateKey)
    case splitKey(SplitKey)
    /// KMIP 1.x only.
    case template(Template)
    case secretData(SecretData)
    case opaqueObject(OpaqueObject)
    /// KMIP 1.2 and later.
    case pgpKey(PGPKey)
    /// KMIP 2.0 and later.
    case certificateRequest(CertificateRequest)
    /// An object item the model does not know (an extension object type), kept as it is, with
    /// the Object Type its payload gave.
    case unknown(ObjectType, TTLVItem)

    /// The tags of the objects the model knows, with their object types.
    static let knownTypes: [(tag: Tag, objectType: ObjectType)] = [
        (.certificate, .certificate), (.symmetricKey, .symmetricKey), (.publicKey, .publicKey),
        (.privateKey, .privateKey), (.splitKey, .splitKey), (.template, .template), (.secretData, .secretData),
        (.opaqueObject, .opaqueObject), (.pgpKey, .pgpKey), (.certificateRequest, .certificateRequest),
    ]

    /// Reads the object under `item`'s tag. An item with another tag becomes `.unknown` when
    /// the payload's `objectType` is given, and is an error otherwise.
    public init(ttlv item: TTLVItem, version: KMIPVersion, objectType: ObjectType? = nil) throws(KMIPError) {
        self = try decoding(item) { () throws(KMIPError) -> ManagedObject in
            switch item.tag {
            case .certificate: return .certificate(try Certificate(ttlv: item, version: version))
            case .symmetricKey: return .symmetricKey(try SymmetricKey(ttlv: item, version: version))
            case .publicKey: return .publicKey(try PublicKey(ttlv: item, version: version))
            case .privateKey: return .privateKey(try PrivateKey(ttlv: item, version: version))
            case .splitKey: return .splitKey(try SplitKey(ttlv: item, version: version))
            case .template: return .template(try Template(ttlv: item, version: version))
            case .secretData: return .secretData(try SecretData(ttlv: item, version: version))
            case .opaqueObject: return .opaqueObject(try OpaqueObject(ttlv: item, version: version))
            case .pgpKey: return .pgpKey(try PGPKey(ttlv: item, version: version))
            case .certificateRequest: return .certificateRequest(try CertificateRequest(ttlv: item, version: version))
            default:
                guard let objectType else {
                    throw KMIPError(.unexpectedTag, reason: "\(item.tag) is not a managed object")
                }
                return .unknown(objectType, item)
            }
        }
    }

    /// The object's item, under its tag. Throws `notInVersion` for an object `version` lacks
    /// (Template from 2.0, PGP Key before 1.2, Certificate Request before 2.0).
    public func ttlv(version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        func encode(_ object: some TTLVEncodable) throws(KMIPError) -> TTLVItem {
            try StructureBuilder(version: version).check(tag)
            return try object.ttlv(tag, version: version)
        }
        return switch self {
        case .certificate(let object): try encode(object)
        case .symmetricKey(let object): try encode(object)
        case .publicKey(let object): try encode(object)
        case .privateKey(let object): try encode(object)
        case .splitKey(let object): try encode(object)
        case .template(let object): try encode(object)
        case .secretData(let object): try encode(object)
        case .opaqueObject(let object): try encode(object)
        case .pgpKey(let object): try encode(object)
        case .certificateRequest(let object): try encode(object)
        case .unknown(_, let item): item
        }
    }

    /// The object's tag.
    public var tag: Tag {
        switch self {
        case .certificate: .certificate
        case .symmetricKey: .symmetricKey
        case .publicKey: .publicKey
        case .privateKey: .privateKey
        case .splitKey: .splitKey
        case .template: .template
        case .secretData: .secretData
        case .opaqueObject: .opaqueObject
        case .pgpKey: .pgpKey
        case .certificateRequest: .certificateRequest
        case .unknown(_, let item): item.tag
        }
    }

    /// The Object Type of the object.
    public var objectType: ObjectType {
        switch self {
        case .certificate: .certificate
        case .symmetricKey: .symmetricKey
        case .publicKey: .publicKey
        case .privateKey: .privateKey
        case .splitKey: .splitKey
        case .template: .template
        case .secretData: .secretData
        case .opaqueObject: .opaqueObject
        case .pgpKey: .pgpKey
        case .certificateRequest: .certificateRequest
        case .unknown(let objectType, _): objectType
        }
    }

    /// The Key Block of a key object (Symmetric, Public, Private, Split or PGP Key, Secret Data).
    public var keyBlock: KeyBlock? {
        switch self {
        case .symmetricKey(let object): object.keyBlock
        case .publicKey(let object): object.keyBlock
        case .privateKey(let object): object.keyBlock
        case .splitKey(let object): object.keyBlock
        case .secretData(let object): object.keyBlock
        case .pgpKey(let object): object.keyBlock
        case .certificate, .template, .opaqueObject, .certificateRequest, .unknown: nil
        }
    }
}

extension StructureReader {
    /// Reads the managed object of a payload: the next child under a managed-object tag or,
    /// when the payload's `objectType` has no object the model knows, the next child.
    public mutating func managedObject(_ objectType: ObjectType?) throws(KMIPError) -> ManagedObject? {
        for (tag, _) in ManagedObject.knownTypes {
            if let item: TTLVItem = try optional(tag) {
                return try ManagedObject(ttlv: item, version: version, objectType: objectType)
            }
        }
        guard let objectType, !ManagedObject.knownTypes.contains(where: { $0.objectType == objectType }),
              let tag = nextTag, let item: TTLVItem = try optional(tag) else { return nil }
        return .unknown(objectType, item)
    }

    /// Reads the managed object a payload requires.
    mutating func requiredManagedObject(_ objectType: ObjectType?) throws(KMIPError) -> ManagedObject {
        guard let object = try managedObject(objectType) else {
            throw KMIPError(.missingField, path: [tag.description], reason: "the managed object is required")
        }
        return object
    }
}

extension StructureBuilder {
    /// Adds a managed object under its tag.
    public mutating func add(_ object: ManagedObject) throws(KMIPError) {
        append([try object.ttlv(version: version)])
    }
}
