public import KMIPSpec
public import TTLV

/// Key Block (KMIP 2.1 section 3.1; 1.x 2.1.3): a key's value with its format, algorithm and
/// length, and how it is wrapped.
///
/// The Key Value is a Structure when the key is in plaintext and a Byte String when it is
/// wrapped (`Value.plaintext` / `Value.wrapped`); with Key Wrapping Data the spec allows either,
/// since the Wrapping Method may wrap only parts of the Key Value.
public struct KeyBlock: Hashable, Sendable, TTLVCodable {
    /// The Key Value field: a plaintext Key Value structure or the wrapped bytes.
    public enum Value: Hashable, Sendable, SensitiveValue {
        /// A Key Value structure (Key Material and attributes).
        case plaintext(KeyValue)
        /// The wrapped TTLV-encoded Key Value structure, or the wrapped Key Material bytes
        /// (Key Wrapping Data's Encoding Option says which).
        case wrapped([UInt8])

        public var description: String {
            switch self {
            case .plaintext(let value): value.description
            case .wrapped(let bytes): "wrapped \(byteCount(bytes))"
            }
        }
    }

    public var keyFormatType: KeyFormatType
    public var keyCompressionType: KeyCompressionType?
    /// Optional in the spec (e.g. a key whose value is not present on the server).
    public var keyValue: Value?
    /// Required unless the Key Value gives it; does not apply to Secret Data or Opaque objects.
    public var cryptographicAlgorithm: CryptographicAlgorithm?
    /// Required unless the Key Value gives it; does not apply to Secret Data or Opaque objects.
    public var cryptographicLength: Int32?
    /// Present only if the key is wrapped.
    public var keyWrappingData: KeyWrappingData?
    public var unknown: [TTLVItem] = []

    public init(
        keyFormatType: KeyFormatType, keyCompressionType: KeyCompressionType? = nil, keyValue: Value?,
        cryptographicAlgorithm: CryptographicAlgorithm? = nil, cryptographicLength: Int32? = nil,
        keyWrappingData: KeyWrappingData? = nil
    ) {
        self.keyFormatType = keyFormatType
        self.keyCompressionType = keyCompressionType
        self.keyValue = keyValue
        self.cryptographicAlgorithm = cryptographicAlgorithm
        self.cryptographicLength = cryptographicLength
        self.keyWrappingData = keyWrappingData
    }

    /// A plaintext key block holding `keyMaterial`.
    public init(
        keyFormatType: KeyFormatType, keyMaterial: KeyMaterial,
        cryptographicAlgorithm: CryptographicAlgorithm? = nil, cryptographicLength: Int32? = nil
    ) {
        self.init(
            keyFormatType: keyFormatType, keyValue: .plaintext(KeyValue(keyMaterial: keyMaterial)),
            cryptographicAlgorithm: cryptographicAlgorithm, cryptographicLength: cryptographicLength
        )
    }

    /// The Key Material of a plaintext Key Value; `nil` when the value is wrapped or absent.
    public var keyMaterial: KeyMaterial? {
        guard case .plaintext(let value) = keyValue else { return nil }
        return value.keyMaterial
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        keyFormatType = try reader.required(.keyFormatType)
        keyCompressionType = try reader.optional(.keyCompressionType)
        if let valueItem: TTLVItem = try reader.optional(.keyValue) {
            switch valueItem.value {
            case .byteString(let bytes):
                keyValue = .wrapped(bytes)
            case .structure:
                let format = keyFormatType
                keyValue = .plaintext(try decoding(valueItem) { () throws(KMIPError) in
                    try KeyValue(ttlv: valueItem, version: version, format: format)
                })
            default:
                throw valueItem.wrongType(expected: .structure, .byteString)
            }
        }
        cryptographicAlgorithm = try reader.optional(.cryptographicAlgorithm)
        cryptographicLength = try reader.optional(.cryptographicLength)
        keyWrappingData = try reader.optional(.keyWrappingData)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.keyFormatType, keyFormatType)
        try builder.add(.keyCompressionType, keyCompressionType)
        switch keyValue {
        case .plaintext(let value): try builder.add(.keyValue, value)
        case .wrapped(let bytes): try builder.add(.keyValue, bytes)
        case nil: break
        }
        try builder.add(.cryptographicAlgorithm, cryptographicAlgorithm)
        try builder.add(.cryptographicLength, cryptographicLength)
        try builder.add(.keyWrappingData, keyWrappingData)
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// Key Value structure (KMIP 2.1 section 3.2; 1.x 2.1.4): Key Material and attributes
/// encapsulated with it. KMIP 1.x lists the attributes as Attribute items; 2.x holds them in
/// an Attributes structure.
///
/// Reading it needs the Key Block's Key Format Type, which says how to read a structured Key
/// Material; `KeyBlock` supplies it.
public struct KeyValue: Hashable, Sendable, TTLVEncodable, SensitiveValue {
    public var keyMaterial: KeyMaterial
    public var attributes: Attributes?
    public var unknown: [TTLVItem] = []

    public init(keyMaterial: KeyMaterial, attributes: Attributes? = nil) {
        self.keyMaterial = keyMaterial
        self.attributes = attributes
    }

    /// Reads a Key Value structure whose Key Material is in `format`.
    public init(ttlv item: TTLVItem, version: KMIPVersion, format: KeyFormatType) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        let materialItem: TTLVItem = try reader.required(.keyMaterial)
        keyMaterial = try decoding(materialItem) { () throws(KMIPError) in
            try KeyMaterial(ttlv: materialItem, version: version, format: format)
        }
        attributes = try reader.optionalAttributeList()
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.keyMaterial, keyMaterial)
        try builder.add(attributeList: attributes)
        builder.append(unknown)
        return builder.build(tag)
    }

    public var description: String {
        redacted("KeyValue", [
            "keyMaterial": keyMaterial.description,
            "attributes": attributes.map { "\($0.list.count)" },
        ])
    }
}

/// Key Material (KMIP 2.1 section 3.2; 1.x 2.1.4): a Byte String for the Raw, Opaque, PKCS#1,
/// PKCS#8, ECPrivateKey and similar formats, or a transparent key structure. Prints only lengths.
public enum KeyMaterial: Hashable, Sendable, TTLVEncodable, SensitiveValue {
    case bytes([UInt8])
    case symmetricKey(TransparentSymmetricKey)
    case dsaPrivateKey(TransparentDSAPrivateKey)
    case dsaPublicKey(TransparentDSAPublicKey)
    case rsaPrivateKey(TransparentRSAPrivateKey)
    case rsaPublicKey(TransparentRSAPublicKey)
    case dhPrivateKey(TransparentDHPrivateKey)
    case dhPublicKey(TransparentDHPublicKey)
    /// Transparent EC, and 1.x ECDSA, ECDH or ECMQV, Private Key.
    case ecPrivateKey(TransparentECPrivateKey)
    /// Transparent EC, and 1.x ECDSA, ECDH or ECMQV, Public Key.
    case ecPublicKey(TransparentECPublicKey)
    /// A structure in a format the model does not read (an extension Key Format Type, or a
    /// non-transparent one), kept as it is.
    case other(TTLVItem)

    /// Reads Key Material in `format`: a Byte String as `.bytes`, a Structure by the format.
    public init(ttlv item: TTLVItem, version: KMIPVersion, format: KeyFormatType) throws(KMIPError) {
        switch item.value {
        case .byteString(let bytes):
            self = .bytes(bytes)
        case .structure:
            switch format {
            case .transparentSymmetricKey: self = .symmetricKey(try TransparentSymmetricKey(ttlv: item, version: version))
            case .transparentDSAPrivateKey: self = .dsaPrivateKey(try TransparentDSAPrivateKey(ttlv: item, version: version))
            case .transparentDSAPublicKey: self = .dsaPublicKey(try TransparentDSAPublicKey(ttlv: item, version: version))
            case .transparentRSAPrivateKey: self = .rsaPrivateKey(try TransparentRSAPrivateKey(ttlv: item, version: version))
            case .transparentRSAPublicKey: self = .rsaPublicKey(try TransparentRSAPublicKey(ttlv: item, version: version))
            case .transparentDHPrivateKey: self = .dhPrivateKey(try TransparentDHPrivateKey(ttlv: item, version: version))
            case .transparentDHPublicKey: self = .dhPublicKey(try TransparentDHPublicKey(ttlv: item, version: version))
            case .transparentECPrivateKey, .transparentECDSAPrivateKey, .transparentECDHPrivateKey, .transparentECMQVPrivateKey:
                self = .ecPrivateKey(try TransparentECPrivateKey(ttlv: item, version: version))
            case .transparentECPublicKey, .transparentECDSAPublicKey, .transparentECDHPublicKey, .transparentECMQVPublicKey:
                self = .ecPublicKey(try TransparentECPublicKey(ttlv: item, version: version))
            default: self = .other(item)
            }
        default:
            throw item.wrongType(expected: .byteString, .structure)
        }
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        switch self {
        case .bytes(let bytes): bytes.ttlv(tag, version: version)
        case .symmetricKey(let key): try key.ttlv(tag, version: version)
        case .dsaPrivateKey(let key): try key.ttlv(tag, version: version)
        case .dsaPublicKey(let key): try key.ttlv(tag, version: version)
        case .rsaPrivateKey(let key): try key.ttlv(tag, version: version)
        case .rsaPublicKey(let key): try key.ttlv(tag, version: version)
        case .dhPrivateKey(let key): try key.ttlv(tag, version: version)
        case .dhPublicKey(let key): try key.ttlv(tag, version: version)
        case .ecPrivateKey(let key): try key.ttlv(tag, version: version)
        case .ecPublicKey(let key): try key.ttlv(tag, version: version)
        case .other(let item): TTLVItem(tag: tag, item.value)
        }
    }

    public var description: String {
        switch self {
        case .bytes(let bytes): byteCount(bytes)
        case .symmetricKey(let key): key.description
        case .dsaPrivateKey(let key): key.description
        case .dsaPublicKey(let key): key.description
        case .rsaPrivateKey(let key): key.description
        case .rsaPublicKey(let key): key.description
        case .dhPrivateKey(let key): key.description
        case .dhPublicKey(let key): key.description
        case .ecPrivateKey(let key): key.description
        case .ecPublicKey(let key): key.description
        case .other(let item): "<structure of \(item.children.count) items>"
        }
    }
}

/// Key Wrapping Data (KMIP 2.1 section 3.3; 1.x 2.1.5): how the Key Value of a Key Block
/// was wrapped.
public struct KeyWrappingData: Hashable, Sendable, TTLVCodable {
    public var wrappingMethod: WrappingMethod
    public var encryptionKeyInformation: WrappingKeyInformation?
    public var macSignatureKeyInformation: WrappingKeyInformation?
    public var macSignature: [UInt8]?
    public var ivCounterNonce: [UInt8]?
    /// KMIP 1.1 and later; absent means the wrapped Key Value is TTLV-encoded.
    public var encodingOption: EncodingOption?
    public var unknown: [TTLVItem] = []

    public init(
        wrappingMethod: WrappingMethod, encryptionKeyInformation: WrappingKeyInformation? = nil,
        macSignatureKeyInformation: WrappingKeyInformation? = nil, macSignature: [UInt8]? = nil,
        ivCounterNonce: [UInt8]? = nil, encodingOption: EncodingOption? = nil
    ) {
        self.wrappingMethod = wrappingMethod
        self.encryptionKeyInformation = encryptionKeyInformation
        self.macSignatureKeyInformation = macSignatureKeyInformation
        self.macSignature = macSignature
        self.ivCounterNonce = ivCounterNonce
        self.encodingOption = encodingOption
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        wrappingMethod = try reader.required(.wrappingMethod)
        encryptionKeyInformation = try reader.optional(.encryptionKeyInformation)
        macSignatureKeyInformation = try reader.optional(.macSignatureKeyInformation)
        macSignature = try reader.optional(.macSignature)
        ivCounterNonce = try reader.optional(.ivCounterNonce)
        encodingOption = try reader.optional(.encodingOption)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.wrappingMethod, wrappingMethod)
        try builder.add(.encryptionKeyInformation, encryptionKeyInformation)
        try builder.add(.macSignatureKeyInformation, macSignatureKeyInformation)
        try builder.add(.macSignature, macSignature)
        try builder.add(.ivCounterNonce, ivCounterNonce)
        try builder.add(.encodingOption, encodingOption)
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// Encryption Key Information and MAC/Signature Key Information (KMIP 2.1 section 3.3, tables
/// 16 and 17; 1.x 2.1.5): the key that wrapped, MACed or signed a Key Value, and how.
public struct WrappingKeyInformation: Hashable, Sendable, TTLVCodable {
    public var uniqueIdentifier: String
    public var cryptographicParameters: CryptographicParameters?
    public var unknown: [TTLVItem] = []

    public init(uniqueIdentifier: String, cryptographicParameters: CryptographicParameters? = nil) {
        self.uniqueIdentifier = uniqueIdentifier
        self.cryptographicParameters = cryptographicParameters
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        uniqueIdentifier = try reader.required(.uniqueIdentifier)
        cryptographicParameters = try reader.optional(.cryptographicParameters)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.uniqueIdentifier, uniqueIdentifier)
        try builder.add(.cryptographicParameters, cryptographicParameters)
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// Key Wrapping Specification (KMIP 2.1 section 7.18; 1.x 2.1.6): how a client asks the server
/// to wrap a key it returns (Get, Export, ...). The spec requires Encryption Key Information or
/// MAC/Signature Key Information, or both.
public struct KeyWrappingSpecification: Hashable, Sendable, TTLVCodable {
    public var wrappingMethod: WrappingMethod
    public var encryptionKeyInformation: WrappingKeyInformation?
    public var macSignatureKeyInformation: WrappingKeyInformation?
    /// Names of attributes to wrap with the key material.
    public var attributeNames: [String]
    /// KMIP 1.1 and later; absent means TTLV encoding.
    public var encodingOption: EncodingOption?
    public var unknown: [TTLVItem] = []

    public init(
        wrappingMethod: WrappingMethod, encryptionKeyInformation: WrappingKeyInformation? = nil,
        macSignatureKeyInformation: WrappingKeyInformation? = nil, attributeNames: [String] = [],
        encodingOption: EncodingOption? = nil
    ) {
        self.wrappingMethod = wrappingMethod
        self.encryptionKeyInformation = encryptionKeyInformation
        self.macSignatureKeyInformation = macSignatureKeyInformation
        self.attributeNames = attributeNames
        self.encodingOption = encodingOption
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        wrappingMethod = try reader.required(.wrappingMethod)
        encryptionKeyInformation = try reader.optional(.encryptionKeyInformation)
        macSignatureKeyInformation = try reader.optional(.macSignatureKeyInformation)
        attributeNames = try reader.repeated(.attributeName)
        encodingOption = try reader.optional(.encodingOption)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.wrappingMethod, wrappingMethod)
        try builder.add(.encryptionKeyInformation, encryptionKeyInformation)
        try builder.add(.macSignatureKeyInformation, macSignatureKeyInformation)
        try builder.add(.attributeName, attributeNames)
        try builder.add(.encodingOption, encodingOption)
        builder.append(unknown)
        return builder.build(tag)
    }
}

/// Runs `body`, which reads `item`, with `item`'s tag added to the path of any error.
func decoding<T>(_ item: TTLVItem, _ body: () throws(KMIPError) -> T) throws(KMIPError) -> T {
    do {
        return try body()
    } catch {
        throw error.path.first == item.tag.description ? error : error.inside(item.tag)
    }
}

extension StructureReader {
    /// Reads attributes that KMIP 1.x lists as Attribute items and 2.x holds in an Attributes
    /// structure (Key Value, Import, Export); `nil` when there are none.
    mutating func optionalAttributeList() throws(KMIPError) -> Attributes? {
        if version < .v2_0 {
            let items: [TTLVItem] = try repeated(.attribute)
            return items.isEmpty ? nil : try Attributes(v1Items: items, version: version)
        }
        guard let item: TTLVItem = try optional(.attributes) else { return nil }
        return try decoding(item) { () throws(KMIPError) in try Attributes(ttlv: item, version: version) }
    }
}

extension StructureBuilder {
    /// Adds attributes as KMIP 1.x Attribute items or a 2.x Attributes structure.
    mutating func add(attributeList attributes: Attributes?) throws(KMIPError) {
        guard let attributes else { return }
        guard attributes.templateNames.isEmpty else {
            throw KMIPError(.invalidValue, path: [Tag.attributes.description], reason: "template names can only be given in a Template-Attribute")
        }
        if version < .v2_0 {
            append(try attributes.v1Items(version: version))
        } else {
            try check(.attributes)
            append([try attributes.ttlv(.attributes, version: version)])
        }
    }
}
