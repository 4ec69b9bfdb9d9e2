internal import COpenSSL

/// A generated key pair, in DER.
public struct KeyPairDER: Sendable, CustomStringConvertible {
    /// The private key as PKCS#8 PrivateKeyInfo DER.
    public var privateKey: SecretBytes
    /// The public key as SubjectPublicKeyInfo DER.
    public var publicKey: [UInt8]

    public init(privateKey: SecretBytes, publicKey: [UInt8]) {
        self.privateKey = privateKey
        self.publicKey = publicKey
    }

    public var description: String { "KeyPairDER(private key: \(privateKey), public key: \(publicKey.count) bytes)" }
}

/// RSA and EC key generation, inspection and format conversion.
public enum AsymmetricKeys {
    /// The NIST prime curves, and the SEC 2 Koblitz curve secp256k1.
    public enum Curve: String, Sendable, Hashable, CaseIterable {
        case p256, p384, p521, secp256k1

        var nid: Int32 {
            switch self {
            case .p256: NID_X9_62_prime256v1
            case .p384: NID_secp384r1
            case .p521: NID_secp521r1
            case .secp256k1: NID_secp256k1
            }
        }

        /// OpenSSL's group name.
        var groupName: StaticString {
            switch self {
            case .p256: "prime256v1"
            case .p384: "secp384r1"
            case .p521: "secp521r1"
            case .secp256k1: "secp256k1"
            }
        }

        /// The field size in bits.
        public var bits: Int {
            switch self {
            case .p256, .secp256k1: 256
            case .p384: 384
            case .p521: 521
            }
        }
    }

    /// The RSA modulus sizes `generateRSA` accepts, in bits (1024 for the KMIP 1.x test cases,
    /// which use it; too weak for anything but tests).
    public static let rsaKeySizes = 1024...4096

    /// A new RSA key pair with public exponent 65537.
    ///
    /// - Throws: `.invalidParameters` when `bits` is outside `rsaKeySizes`.
    public static func generateRSA(bits: Int) throws(CryptoError) -> KeyPairDER {
        guard rsaKeySizes.contains(bits) else {
            throw .invalidParameters("RSA keys are \(rsaKeySizes.lowerBound) to \(rsaKeySizes.upperBound) bits, not \(bits)")
        }
        return try generate(EVP_PKEY_RSA, "generating a \(bits)-bit RSA key") { context in
            EVP_PKEY_CTX_set_rsa_keygen_bits(context, Int32(bits)) == 1
        }
    }

    /// A new EC key pair on `curve` (named-curve parameters).
    public static func generateEC(curve: Curve) throws(CryptoError) -> KeyPairDER {
        try generate(EVP_PKEY_EC, "generating an EC \(curve.rawValue) key") { context in
            EVP_PKEY_CTX_set_ec_paramgen_curve_nid(context, curve.nid) == 1
        }
    }

    // `EVP_PKEY_Q_keygen` and `EVP_RSA_gen` are variadic or macros, hence the long way.
    private static func generate(_ type: Int32, _ what: String, configure: (OpaquePointer) -> Bool) throws(CryptoError) -> KeyPairDER {
        ERR_clear_error()
        guard let context = EVP_PKEY_CTX_new_id(type, nil) else { throw .openSSL(what) }
        defer { EVP_PKEY_CTX_free(context) }
        var key: OpaquePointer?
        guard EVP_PKEY_keygen_init(context) == 1, configure(context), EVP_PKEY_keygen(context, &key) == 1, let key else {
            throw .openSSL(what)
        }
        defer { EVP_PKEY_free(key) }
        return KeyPairDER(privateKey: try KeyDER.privatePKCS8(key), publicKey: try KeyDER.publicSPKI(key))
    }

    // MARK: Inspection

    /// What a key is.
    public enum KeyKind: Sendable, Hashable {
        /// RSA, with the modulus size in bits.
        case rsa(bits: Int)
        /// EC on a named curve (`nil` when it is not one of `Curve`), with the field size in bits.
        case ec(Curve?, bits: Int)
    }

    /// The kind of a public key (SubjectPublicKeyInfo or PKCS#1 DER).
    public static func kind(publicKeyDER: [UInt8]) throws(CryptoError) -> KeyKind {
        let key = try KeyDER.loadPublic(publicKeyDER)
        defer { EVP_PKEY_free(key) }
        return try kind(key)
    }

    /// The kind of a private key (PKCS#8, PKCS#1 or SEC1 DER).
    public static func kind(privateKeyDER: SecretBytes) throws(CryptoError) -> KeyKind {
        let key = try KeyDER.loadPrivate(privateKeyDER)
        defer { EVP_PKEY_free(key) }
        return try kind(key)
    }

    static func kind(_ key: OpaquePointer) throws(CryptoError) -> KeyKind {
        let bits = Int(EVP_PKEY_get_bits(key))
        if KeyDER.isRSA(key) { return .rsa(bits: bits) }
        guard KeyDER.isEC(key) else { throw CryptoError(.unsupported, "only RSA and EC keys are supported") }
        var name = [CChar](repeating: 0, count: 64)
        var length = 0
        guard EVP_PKEY_get_utf8_string_param(key, "group", &name, name.count, &length) == 1 else {
            _ = drainOpenSSLErrors()
            return .ec(nil, bits: bits)
        }
        let group = name.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        let curve: Curve? = switch group {
        case "prime256v1", "P-256": .p256
        case "secp384r1", "P-384": .p384
        case "secp521r1", "P-521": .p521
        case "secp256k1": .secp256k1
        default: nil
        }
        return .ec(curve, bits: bits)
    }

    // MARK: Conversion

    /// The public key (SubjectPublicKeyInfo DER) of a private key.
    public static func publicKey(fromPrivateKeyDER privateKeyDER: SecretBytes) throws(CryptoError) -> [UInt8] {
        let key = try KeyDER.loadPrivate(privateKeyDER)
        defer { EVP_PKEY_free(key) }
        return try KeyDER.publicSPKI(key)
    }

    /// A private key in PKCS#8 DER, from PKCS#8, PKCS#1 RSAPrivateKey or SEC1 ECPrivateKey DER.
    public static func privateKeyPKCS8(fromDER der: SecretBytes) throws(CryptoError) -> SecretBytes {
        let key = try KeyDER.loadPrivate(der)
        defer { EVP_PKEY_free(key) }
        return try KeyDER.privatePKCS8(key)
    }

    /// A private key in its traditional DER: PKCS#1 RSAPrivateKey for RSA, SEC1 ECPrivateKey for EC.
    public static func privateKeyTraditional(fromDER der: SecretBytes) throws(CryptoError) -> SecretBytes {
        let key = try KeyDER.loadPrivate(der)
        defer { EVP_PKEY_free(key) }
        return try KeyDER.privateTraditional(key)
    }

    /// The PKCS#1 RSAPublicKey DER of an RSA public key given as SubjectPublicKeyInfo.
    public static func publicKeyPKCS1(fromSPKI spki: [UInt8]) throws(CryptoError) -> [UInt8] {
        let key = try KeyDER.loadPublic(spki)
        defer { EVP_PKEY_free(key) }
        guard KeyDER.isRSA(key) else { throw CryptoError(.invalidKey, "PKCS#1 is for RSA keys") }
        return try KeyDER.publicBare(key)
    }

    /// The SubjectPublicKeyInfo DER of an RSA public key given as PKCS#1 RSAPublicKey (or
    /// already as SubjectPublicKeyInfo).
    public static func publicKeySPKI(fromDER der: [UInt8]) throws(CryptoError) -> [UInt8] {
        let key = try KeyDER.loadPublic(der)
        defer { EVP_PKEY_free(key) }
        return try KeyDER.publicSPKI(key)
    }
}
