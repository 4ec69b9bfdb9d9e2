import KMIP
import KMIPCrypto
import KMIPSpec
import TTLV

/// Key formats: Get's Key Format Type conversion, and the DER form the cryptographic operations
/// use whatever form a key was registered in. Symmetric keys are Raw or Transparent; private
/// keys PKCS#8, PKCS#1 (RSA), EC Private Key (EC, SEC1), Transparent RSA or Transparent EC;
/// public keys X.509 (SubjectPublicKeyInfo), PKCS#1 (RSA), Transparent RSA or Transparent EC.
enum KeyFormats {
    static func convert(_ object: StoredObject, to format: KeyFormatType) throws(OperationError) -> ManagedObject {
        // The format it is held in needs no conversion, wrapped or not.
        if let block = object.object.keyBlock, format == block.keyFormatType { return object.object }
        guard let block = object.object.keyBlock, case .plaintext? = block.keyValue else {
            throw OperationError(.keyFormatTypeNotSupported, "object \(object.uniqueIdentifier) is not held in a convertible form")
        }
        let ec = block.cryptographicAlgorithm == .ec || block.cryptographicAlgorithm == .ecdsa
        let rsa = block.cryptographicAlgorithm == .rsa
        let material: KeyMaterial
        do {
            switch (object.objectType, format) {
            case (.symmetricKey, .raw):
                material = .bytes(try symmetricBytes(object).bytes)
            case (.symmetricKey, .transparentSymmetricKey):
                material = .symmetricKey(TransparentSymmetricKey(key: try symmetricBytes(object).bytes))
            case (.privateKey, .pkcs_8):
                material = .bytes(try privateDER(object).bytes)
            case (.privateKey, .pkcs_1) where rsa, (.privateKey, .ecPrivateKey) where ec:
                material = .bytes(try AsymmetricKeys.privateKeyTraditional(fromDER: try privateDER(object)).bytes)
            case (.privateKey, .transparentRSAPrivateKey) where rsa:
                let parts = try AsymmetricKeys.rsaComponents(privateKeyDER: try privateDER(object))
                material = .rsaPrivateKey(TransparentRSAPrivateKey(
                    modulus: integer(parts.n), privateExponent: integer(parts.d.bytes), publicExponent: integer(parts.e),
                    p: integer(parts.p.bytes), q: integer(parts.q.bytes), primeExponentP: integer(parts.dP.bytes),
                    primeExponentQ: integer(parts.dQ.bytes), crtCoefficient: integer(parts.qInv.bytes)))
            case (.privateKey, .transparentECPrivateKey) where ec:
                let (curve, d) = try AsymmetricKeys.ecPrivateComponents(privateKeyDER: try privateDER(object))
                material = .ecPrivateKey(TransparentECPrivateKey(recommendedCurve: recommendedCurve(curve), d: integer(d.bytes)))
            case (.publicKey, .x_509):
                material = .bytes(try publicDER(object))
            case (.publicKey, .pkcs_1) where rsa:
                material = .bytes(try AsymmetricKeys.publicKeyPKCS1(fromSPKI: try publicDER(object)))
            case (.publicKey, .transparentRSAPublicKey) where rsa:
                let (n, e) = try AsymmetricKeys.rsaPublicComponents(publicKeyDER: try publicDER(object))
                material = .rsaPublicKey(TransparentRSAPublicKey(modulus: integer(n), publicExponent: integer(e)))
            case (.publicKey, .transparentECPublicKey) where ec:
                let (curve, q) = try AsymmetricKeys.ecPublicComponents(publicKeyDER: try publicDER(object))
                material = .ecPublicKey(TransparentECPublicKey(recommendedCurve: recommendedCurve(curve), qString: q))
            default:
                throw OperationError(.keyFormatTypeNotSupported, "object \(object.uniqueIdentifier) (\(object.objectType), \(block.keyFormatType)) cannot be given as \(format)")
            }
        } catch {
            throw CryptoOperations.operationError(error)
        }
        var converted = block
        converted.keyFormatType = format
        converted.keyValue = .plaintext(KeyValue(keyMaterial: material))
        return object.object.replacingKeyBlock(converted)
    }

    /// A symmetric key's bytes, Raw or Transparent.
    static func symmetricBytes(_ object: StoredObject) throws(OperationError) -> SecretBytes {
        switch object.object.keyBlock?.keyMaterial {
        case .bytes(let bytes)?: return SecretBytes(bytes)
        case .symmetricKey(let transparent)?: return SecretBytes(transparent.key)
        default: throw OperationError(.invalidObjectType, "object \(object.uniqueIdentifier) holds no plaintext symmetric key")
        }
    }

    /// A private key as DER OpenSSL reads (PKCS#8, PKCS#1 or SEC1 as stored; transparent
    /// forms built into PKCS#8).
    static func privateDER(_ object: StoredObject) throws(OperationError) -> SecretBytes {
        do {
            switch object.object.keyBlock?.keyMaterial {
            case .bytes(let der)?:
                return SecretBytes(der)
            case .rsaPrivateKey(let key)?:
                guard let d = key.privateExponent, let e = key.publicExponent, let p = key.p, let q = key.q,
                      let dP = key.primeExponentP, let dQ = key.primeExponentQ, let qInv = key.crtCoefficient else {
                    throw OperationError(.invalidField, "the Transparent RSA Private Key of object \(object.uniqueIdentifier) lacks some of d, e, p, q, dP, dQ, qInv")
                }
                return try AsymmetricKeys.rsaPrivateKey(from: RSAComponents(
                    n: magnitude(key.modulus), e: magnitude(e), d: SecretBytes(magnitude(d)), p: SecretBytes(magnitude(p)), q: SecretBytes(magnitude(q)),
                    dP: SecretBytes(magnitude(dP)), dQ: SecretBytes(magnitude(dQ)), qInv: SecretBytes(magnitude(qInv))))
            case .ecPrivateKey(let key)?:
                return try AsymmetricKeys.ecPrivateKey(curve: try curve(key.recommendedCurve), d: SecretBytes(magnitude(key.d)))
            default:
                throw OperationError(.invalidObjectType, "object \(object.uniqueIdentifier) holds no plaintext private key")
            }
        } catch {
            throw CryptoOperations.operationError(error)
        }
    }

    /// A public key as SubjectPublicKeyInfo DER, whatever form it is stored in.
    static func publicDER(_ object: StoredObject) throws(OperationError) -> [UInt8] {
        do {
            switch object.object.keyBlock?.keyMaterial {
            case .bytes(let der)?:
                return try AsymmetricKeys.publicKeySPKI(fromDER: der)
            case .rsaPublicKey(let key)?:
                return try AsymmetricKeys.rsaPublicKey(n: magnitude(key.modulus), e: magnitude(key.publicExponent))
            case .ecPublicKey(let key)?:
                return try AsymmetricKeys.ecPublicKey(curve: try curve(key.recommendedCurve), q: key.qString)
            default:
                throw OperationError(.invalidObjectType, "object \(object.uniqueIdentifier) holds no plaintext public key")
            }
        } catch {
            throw CryptoOperations.operationError(error)
        }
    }

    static func curve(_ recommended: RecommendedCurve) throws(OperationError) -> AsymmetricKeys.Curve {
        guard let curve = KeyPairOperations.curves[recommended] else { throw OperationError(.invalidField, "EC keys here are on P-256, P-384, P-521 or secp256k1, not \(recommended)") }
        return curve
    }

    static func recommendedCurve(_ curve: AsymmetricKeys.Curve) -> RecommendedCurve {
        KeyPairOperations.curves.first { $0.value == curve }?.key ?? .p_256
    }

    /// An unsigned big-endian magnitude as a KMIP Big Integer (two's complement).
    static func integer(_ magnitude: [UInt8]) -> BigInteger {
        BigInteger(bytes: (magnitude.first ?? 0) & 0x80 != 0 ? [0] + magnitude : magnitude)
    }

    /// A non-negative Big Integer's magnitude, without leading zeros.
    static func magnitude(_ integer: BigInteger) -> [UInt8] {
        Array(integer.bytes.drop { $0 == 0 })
    }
}
