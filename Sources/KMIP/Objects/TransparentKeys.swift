public import KMIPSpec
public import TTLV

// Transparent key structures (KMIP 2.1 sections 3.4-3.12; 1.x 2.1.7): the Key Material
// structure of a Key Value whose Key Format Type is one of the Transparent formats. They print
// only lengths (`SensitiveValue`).

/// Transparent Symmetric Key (KMIP 2.1 section 3.4; 1.x 2.1.7.1).
public struct TransparentSymmetricKey: Hashable, Sendable, TTLVCodable, SensitiveValue {
    public var key: [UInt8]
    public var unknown: [TTLVItem] = []

    public init(key: [UInt8]) {
        self.key = key
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        key = try reader.required(.key)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.key, key)
        builder.append(unknown)
        return builder.build(tag)
    }

    public var description: String { redacted("TransparentSymmetricKey", ["key": byteCount(key)]) }
}

/// Transparent DSA Private Key (KMIP 2.1 section 3.5; 1.x 2.1.7.2).
public struct TransparentDSAPrivateKey: Hashable, Sendable, TTLVCodable, SensitiveValue {
    public var p: BigInteger
    public var q: BigInteger
    public var g: BigInteger
    public var x: BigInteger
    public var unknown: [TTLVItem] = []

    public init(p: BigInteger, q: BigInteger, g: BigInteger, x: BigInteger) {
        self.p = p
        self.q = q
        self.g = g
        self.x = x
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        p = try reader.required(.p)
        q = try reader.required(.q)
        g = try reader.required(.g)
        x = try reader.required(.x)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.p, p)
        try builder.add(.q, q)
        try builder.add(.g, g)
        try builder.add(.x, x)
        builder.append(unknown)
        return builder.build(tag)
    }

    public var description: String {
        redacted("TransparentDSAPrivateKey", ["p": byteCount(p), "q": byteCount(q), "g": byteCount(g), "x": byteCount(x)])
    }
}

/// Transparent DSA Public Key (KMIP 2.1 section 3.6; 1.x 2.1.7.3).
public struct TransparentDSAPublicKey: Hashable, Sendable, TTLVCodable, SensitiveValue {
    public var p: BigInteger
    public var q: BigInteger
    public var g: BigInteger
    public var y: BigInteger
    public var unknown: [TTLVItem] = []

    public init(p: BigInteger, q: BigInteger, g: BigInteger, y: BigInteger) {
        self.p = p
        self.q = q
        self.g = g
        self.y = y
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        p = try reader.required(.p)
        q = try reader.required(.q)
        g = try reader.required(.g)
        y = try reader.required(.y)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.p, p)
        try builder.add(.q, q)
        try builder.add(.g, g)
        try builder.add(.y, y)
        builder.append(unknown)
        return builder.build(tag)
    }

    public var description: String {
        redacted("TransparentDSAPublicKey", ["p": byteCount(p), "q": byteCount(q), "g": byteCount(g), "y": byteCount(y)])
    }
}

/// Transparent RSA Private Key (KMIP 2.1 section 3.7; 1.x 2.1.7.4). The spec requires the
/// Private Exponent, P and Q, or Prime Exponent P and Q; the model does not enforce it.
public struct TransparentRSAPrivateKey: Hashable, Sendable, TTLVCodable, SensitiveValue {
    public var modulus: BigInteger
    public var privateExponent: BigInteger?
    public var publicExponent: BigInteger?
    public var p: BigInteger?
    public var q: BigInteger?
    public var primeExponentP: BigInteger?
    public var primeExponentQ: BigInteger?
    public var crtCoefficient: BigInteger?
    public var unknown: [TTLVItem] = []

    public init(
        modulus: BigInteger, privateExponent: BigInteger? = nil, publicExponent: BigInteger? = nil,
        p: BigInteger? = nil, q: BigInteger? = nil, primeExponentP: BigInteger? = nil,
        primeExponentQ: BigInteger? = nil, crtCoefficient: BigInteger? = nil
    ) {
        self.modulus = modulus
        self.privateExponent = privateExponent
        self.publicExponent = publicExponent
        self.p = p
        self.q = q
        self.primeExponentP = primeExponentP
        self.primeExponentQ = primeExponentQ
        self.crtCoefficient = crtCoefficient
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        modulus = try reader.required(.modulus)
        privateExponent = try reader.optional(.privateExponent)
        publicExponent = try reader.optional(.publicExponent)
        p = try reader.optional(.p)
        q = try reader.optional(.q)
        primeExponentP = try reader.optional(.primeExponentP)
        primeExponentQ = try reader.optional(.primeExponentQ)
        crtCoefficient = try reader.optional(.crtCoefficient)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.modulus, modulus)
        try builder.add(.privateExponent, privateExponent)
        try builder.add(.publicExponent, publicExponent)
        try builder.add(.p, p)
        try builder.add(.q, q)
        try builder.add(.primeExponentP, primeExponentP)
        try builder.add(.primeExponentQ, primeExponentQ)
        try builder.add(.crtCoefficient, crtCoefficient)
        builder.append(unknown)
        return builder.build(tag)
    }

    public var description: String {
        redacted("TransparentRSAPrivateKey", [
            "modulus": byteCount(modulus), "privateExponent": privateExponent.map(byteCount),
            "publicExponent": publicExponent.map(byteCount), "p": p.map(byteCount), "q": q.map(byteCount),
            "primeExponentP": primeExponentP.map(byteCount), "primeExponentQ": primeExponentQ.map(byteCount),
            "crtCoefficient": crtCoefficient.map(byteCount),
        ])
    }
}

/// Transparent RSA Public Key (KMIP 2.1 section 3.8; 1.x 2.1.7.5).
public struct TransparentRSAPublicKey: Hashable, Sendable, TTLVCodable, SensitiveValue {
    public var modulus: BigInteger
    public var publicExponent: BigInteger
    public var unknown: [TTLVItem] = []

    public init(modulus: BigInteger, publicExponent: BigInteger) {
        self.modulus = modulus
        self.publicExponent = publicExponent
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        modulus = try reader.required(.modulus)
        publicExponent = try reader.required(.publicExponent)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.modulus, modulus)
        try builder.add(.publicExponent, publicExponent)
        builder.append(unknown)
        return builder.build(tag)
    }

    public var description: String {
        redacted("TransparentRSAPublicKey", ["modulus": byteCount(modulus), "publicExponent": byteCount(publicExponent)])
    }
}

/// Transparent DH Private Key (KMIP 2.1 section 3.9; 1.x 2.1.7.6).
public struct TransparentDHPrivateKey: Hashable, Sendable, TTLVCodable, SensitiveValue {
    public var p: BigInteger
    public var q: BigInteger?
    public var g: BigInteger
    public var j: BigInteger?
    public var x: BigInteger
    public var unknown: [TTLVItem] = []

    public init(p: BigInteger, q: BigInteger? = nil, g: BigInteger, j: BigInteger? = nil, x: BigInteger) {
        self.p = p
        self.q = q
        self.g = g
        self.j = j
        self.x = x
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        p = try reader.required(.p)
        q = try reader.optional(.q)
        g = try reader.required(.g)
        j = try reader.optional(.j)
        x = try reader.required(.x)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.p, p)
        try builder.add(.q, q)
        try builder.add(.g, g)
        try builder.add(.j, j)
        try builder.add(.x, x)
        builder.append(unknown)
        return builder.build(tag)
    }

    public var description: String {
        redacted("TransparentDHPrivateKey", [
            "p": byteCount(p), "q": q.map(byteCount), "g": byteCount(g), "j": j.map(byteCount), "x": byteCount(x),
        ])
    }
}

/// Transparent DH Public Key (KMIP 2.1 section 3.10; 1.x 2.1.7.7).
public struct TransparentDHPublicKey: Hashable, Sendable, TTLVCodable, SensitiveValue {
    public var p: BigInteger
    public var q: BigInteger?
    public var g: BigInteger
    public var j: BigInteger?
    public var y: BigInteger
    public var unknown: [TTLVItem] = []

    public init(p: BigInteger, q: BigInteger? = nil, g: BigInteger, j: BigInteger? = nil, y: BigInteger) {
        self.p = p
        self.q = q
        self.g = g
        self.j = j
        self.y = y
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        p = try reader.required(.p)
        q = try reader.optional(.q)
        g = try reader.required(.g)
        j = try reader.optional(.j)
        y = try reader.required(.y)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.p, p)
        try builder.add(.q, q)
        try builder.add(.g, g)
        try builder.add(.j, j)
        try builder.add(.y, y)
        builder.append(unknown)
        return builder.build(tag)
    }

    public var description: String {
        redacted("TransparentDHPublicKey", [
            "p": byteCount(p), "q": q.map(byteCount), "g": byteCount(g), "j": j.map(byteCount), "y": byteCount(y),
        ])
    }
}

/// Transparent EC Private Key (KMIP 2.1 section 3.11; 1.x 2.1.7.14), and the 1.x Transparent
/// ECDSA, ECDH and ECMQV Private Keys (2.1.7.8, 2.1.7.10, 2.1.7.12), which have the same fields.
public struct TransparentECPrivateKey: Hashable, Sendable, TTLVCodable, SensitiveValue {
    public var recommendedCurve: RecommendedCurve
    public var d: BigInteger
    public var unknown: [TTLVItem] = []

    public init(recommendedCurve: RecommendedCurve, d: BigInteger) {
        self.recommendedCurve = recommendedCurve
        self.d = d
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        recommendedCurve = try reader.required(.recommendedCurve)
        d = try reader.required(.d)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.recommendedCurve, recommendedCurve)
        try builder.add(.d, d)
        builder.append(unknown)
        return builder.build(tag)
    }

    public var description: String {
        redacted("TransparentECPrivateKey", ["recommendedCurve": recommendedCurve.description, "d": byteCount(d)])
    }
}

/// Transparent EC Public Key (KMIP 2.1 section 3.12; 1.x 2.1.7.15), and the 1.x Transparent
/// ECDSA, ECDH and ECMQV Public Keys (2.1.7.9, 2.1.7.11, 2.1.7.13), which have the same fields.
public struct TransparentECPublicKey: Hashable, Sendable, TTLVCodable, SensitiveValue {
    public var recommendedCurve: RecommendedCurve
    public var qString: [UInt8]
    public var unknown: [TTLVItem] = []

    public init(recommendedCurve: RecommendedCurve, qString: [UInt8]) {
        self.recommendedCurve = recommendedCurve
        self.qString = qString
    }

    public init(ttlv item: TTLVItem, version: KMIPVersion) throws(KMIPError) {
        var reader = try StructureReader(item, version: version)
        recommendedCurve = try reader.required(.recommendedCurve)
        qString = try reader.required(.qString)
        unknown = reader.unknown()
    }

    public func ttlv(_ tag: Tag, version: KMIPVersion) throws(KMIPError) -> TTLVItem {
        var builder = StructureBuilder(version: version)
        try builder.add(.recommendedCurve, recommendedCurve)
        try builder.add(.qString, qString)
        builder.append(unknown)
        return builder.build(tag)
    }

    public var description: String {
        redacted("TransparentECPublicKey", ["recommendedCurve": recommendedCurve.description, "qString": byteCount(qString)])
    }
}
