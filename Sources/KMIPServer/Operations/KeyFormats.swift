import KMIP
import KMIPCrypto
import KMIPSpec
import TTLV

/// Key Format Type conversion on Get: symmetric keys Raw or Transparent; private keys PKCS#8,
/// PKCS#1 (RSA), EC Private Key (EC, SEC1) or Transparent RSA; public keys X.509
/// (SubjectPublicKeyInfo), PKCS#1 (RSA) or Transparent RSA.
enum KeyFormats {
    static func convert(_ object: StoredObject, to format: KeyFormatType) throws(OperationError) -> ManagedObject {
        guard let block = object.object.keyBlock, case .bytes(let stored)? = block.keyMaterial else {
            throw OperationError(.keyFormatTypeNotSupported, "object \(object.uniqueIdentifier) is not held in a convertible form")
        }
        if format == block.keyFormatType { return object.object }
        let material: KeyMaterial
        do {
            switch (object.objectType, format) {
            case (.symmetricKey, .transparentSymmetricKey):
                material = .symmetricKey(TransparentSymmetricKey(key: stored))
            case (.privateKey, .pkcs_1) where block.cryptographicAlgorithm == .rsa, (.privateKey, .ecPrivateKey) where block.cryptographicAlgorithm != .rsa:
                material = .bytes(try AsymmetricKeys.privateKeyTraditional(fromDER: SecretBytes(stored)).bytes)
            case (.privateKey, .transparentRSAPrivateKey) where block.cryptographicAlgorithm == .rsa:
                let parts = try AsymmetricKeys.rsaComponents(privateKeyDER: SecretBytes(stored))
                material = .rsaPrivateKey(TransparentRSAPrivateKey(
                    modulus: integer(parts.n), privateExponent: integer(parts.d.bytes), publicExponent: integer(parts.e),
                    p: integer(parts.p.bytes), q: integer(parts.q.bytes), primeExponentP: integer(parts.dP.bytes),
                    primeExponentQ: integer(parts.dQ.bytes), crtCoefficient: integer(parts.qInv.bytes)))
            case (.publicKey, .pkcs_1) where block.cryptographicAlgorithm == .rsa:
                material = .bytes(try AsymmetricKeys.publicKeyPKCS1(fromSPKI: stored))
            case (.publicKey, .transparentRSAPublicKey) where block.cryptographicAlgorithm == .rsa:
                let (n, e) = try AsymmetricKeys.rsaPublicComponents(publicKeyDER: stored)
                material = .rsaPublicKey(TransparentRSAPublicKey(modulus: integer(n), publicExponent: integer(e)))
            default:
                throw OperationError(.keyFormatTypeNotSupported, "object \(object.uniqueIdentifier) (\(object.objectType), \(block.keyFormatType)) cannot be given as \(format)")
            }
        } catch let error as CryptoError {
            throw CryptoOperations.failure(error)
        } catch let error as OperationError {
            throw error
        } catch {
            throw OperationError(.generalFailure, "\(error)")
        }
        var converted = block
        converted.keyFormatType = format
        converted.keyValue = .plaintext(KeyValue(keyMaterial: material))
        return object.object.replacingKeyBlock(converted)
    }

    /// An unsigned big-endian magnitude as a KMIP Big Integer (two's complement).
    static func integer(_ magnitude: [UInt8]) -> BigInteger {
        BigInteger(bytes: (magnitude.first ?? 0) & 0x80 != 0 ? [0] + magnitude : magnitude)
    }
}
