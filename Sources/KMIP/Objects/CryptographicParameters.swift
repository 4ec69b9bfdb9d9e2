public import KMIPSpec
public import TTLV

/// Cryptographic Parameters (KMIP 2.1 section 4.16; 1.x 3.6): how to use a key for an
/// operation. Fields after Key Role Type arrived in KMIP 1.2, Salt Length and later in 1.4.
public struct CryptographicParameters: Hashable, Sendable, TTLVCodable {
    public var blockCipherMode: BlockCipherMode?
    public var paddingMethod: PaddingMethod?
    public var hashingAlgorithm: HashingAlgorithm?
    public var keyRoleType: KeyRoleType?
    public var digitalSignatureAlgorithm: DigitalSignatureAlgorithm?
    public var cryptographicAlgorithm: CryptographicAlgorithm?
    public var randomIV: Bool?
    public var ivLength: Int32?
    public var tagLength: Int32?
    public var fixedFieldLength: Int32?
    public var invocationFieldLength: Int32?
    public var counterLength: Int32?
    public var initialCounterValue: Int32?
    public var saltLength: Int32?
    public var maskGenerator: MaskGenerator?
    public var maskGeneratorHashingAlgorithm: HashingAlgorithm?
    public var pSource: [UInt8]?
    public var trailerField: Int32?
    public var unknown: [TTLVItem] = []

    public init(
        blockCipherMode: BlockCipherMode? = nil, paddingMethod: PaddingMethod? = nil, hashingAlgorithm: HashingAlgorithm? = nil,
        keyRoleType: KeyRoleType? = nil, digitalSignatureAlgorithm: DigitalSignatureAlgorithm? = nil,
        cryptographicAlgorithm: CryptographicAlgorithm? = nil, randomIV: Bool? = nil, ivLength: Int32? = nil,
        tagLength: Int32? = nil, fixedFieldLength: Int32? = nil, invocationFieldLength: Int32? = nil,
        counterLength: Int32? = nil, initialCounterValue: Int32? = nil, saltLength: Int32? = nil,
        maskGenerator: MaskGenerator? = nil, maskGeneratorHashingAlgorithm: HashingAlgorithm? = nil,
        pSource: [UInt8]? = nil, trailerField: Int32? = nil
    ) {
        self.blockCipherMode = blockCipherMode
        self.paddingMethod = paddingMethod
        self.hashingAlgorithm = hashingAlgorithm
        self.keyRoleType = keyRoleType
        self.digitalSignatureAlgorithm = digitalSignatureAlgorithm
        self.cryptographicAlgorithm = cryptographicAlgorithm
        self.randomIV = randomIV
        self.ivLength = ivLength
        self.tagLength = tagLength
        self.fixedFieldLength = fixedFieldLength
        self.invocationFieldLength = invocationFieldLength
        self.counterLength = counterLength
        self.initialCounterValue = initialCounterValue
        self.saltLength = saltLength
        self.maskGenerator = maskGenerator
        self.maskGeneratorHashingAlgorithm = maskGeneratorHashingAlgorithm
        self.pSource = pSource
        self.trailerField = trailerField
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        blockCipherMode = try reader.optional(.blockCipherMode)
        paddingMethod = try reader.optional(.paddingMethod)
        hashingAlgorithm = try reader.optional(.hashingAlgorithm)
        keyRoleType = try reader.optional(.keyRoleType)
        digitalSignatureAlgorithm = try reader.optional(.digitalSignatureAlgorithm)
        cryptographicAlgorithm = try reader.optional(.cryptographicAlgorithm)
        randomIV = try reader.optional(.randomIV)
        ivLength = try reader.optional(.ivLength)
        tagLength = try reader.optional(.tagLength)
        fixedFieldLength = try reader.optional(.fixedFieldLength)
        invocationFieldLength = try reader.optional(.invocationFieldLength)
        counterLength = try reader.optional(.counterLength)
        initialCounterValue = try reader.optional(.initialCounterValue)
        saltLength = try reader.optional(.saltLength)
        maskGenerator = try reader.optional(.maskGenerator)
        maskGeneratorHashingAlgorithm = try reader.optional(.maskGeneratorHashingAlgorithm)
        pSource = try reader.optional(.pSource)
        trailerField = try reader.optional(.trailerField)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.blockCipherMode, blockCipherMode)
        try builder.add(.paddingMethod, paddingMethod)
        try builder.add(.hashingAlgorithm, hashingAlgorithm)
        try builder.add(.keyRoleType, keyRoleType)
        try builder.add(.digitalSignatureAlgorithm, digitalSignatureAlgorithm)
        try builder.add(.cryptographicAlgorithm, cryptographicAlgorithm)
        try builder.add(.randomIV, randomIV)
        try builder.add(.ivLength, ivLength)
        try builder.add(.tagLength, tagLength)
        try builder.add(.fixedFieldLength, fixedFieldLength)
        try builder.add(.invocationFieldLength, invocationFieldLength)
        try builder.add(.counterLength, counterLength)
        try builder.add(.initialCounterValue, initialCounterValue)
        try builder.add(.saltLength, saltLength)
        try builder.add(.maskGenerator, maskGenerator)
        try builder.add(.maskGeneratorHashingAlgorithm, maskGeneratorHashingAlgorithm)
        try builder.add(.pSource, pSource)
        try builder.add(.trailerField, trailerField)
        builder.append(unknown)
        return builder.build(tag)
    }
}
