import KMIP
import KMIPCrypto
import KMIPSpec

/// Encrypt and Decrypt with ChaCha20 (nonce of 8, 12 or 16 bytes in the IV/Counter/Nonce) and
/// ChaCha20-Poly1305 (Block Cipher Mode AEAD or none; 12-byte nonce, a tag of 4 to 16 bytes,
/// 16 unless the Tag Length says, additional data). Without a nonce, Encrypt makes a 12-byte one and returns it.
enum StreamCipher {
    case chaCha20
    case chaCha20Poly1305(tagLength: Int)

    /// The stream cipher the parameters and key name, or nil for a block cipher.
    init?(_ parameters: CryptographicParameters, keyAlgorithm: CryptographicAlgorithm) throws(OperationError) {
        switch parameters.cryptographicAlgorithm ?? keyAlgorithm {
        case .chaCha20: self = .chaCha20
        case .chaCha20Poly1305:
            guard parameters.blockCipherMode == nil || parameters.blockCipherMode == .aead else {
                throw OperationError(.unsupportedCryptographicParameters, "ChaCha20-Poly1305 runs in AEAD mode, not \(parameters.blockCipherMode.map { "\($0)" } ?? "")")
            }
            let tagLength = Int(parameters.tagLength ?? 16)
            guard ChaCha20.tagLengths.contains(tagLength) else { throw CryptoOperations.badTagLength(tagLength) }
            self = .chaCha20Poly1305(tagLength: tagLength)
        default: return nil
        }
    }

    func encrypt(_ request: EncryptRequest, data: [UInt8], key: SecretBytes, identifier: String) throws(OperationError) -> EncryptResponse {
        do throws(CryptoError) {
            let nonce: [UInt8]
            if let given = request.ivCounterNonce { nonce = given } else { nonce = try Random.bytes(12) }
            let generated = request.ivCounterNonce == nil ? nonce : nil
            switch self {
            case .chaCha20:
                return EncryptResponse(uniqueIdentifier: identifier, data: try ChaCha20.crypt(data, key: key, nonce: nonce), ivCounterNonce: generated)
            case .chaCha20Poly1305(let tagLength):
                let (ciphertext, tag) = try ChaCha20.seal(data, key: key, nonce: nonce, additionalData: request.authenticatedEncryptionAdditionalData ?? [], tagLength: tagLength)
                return EncryptResponse(uniqueIdentifier: identifier, data: ciphertext, ivCounterNonce: generated, authenticatedEncryptionTag: tag)
            }
        } catch {
            throw CryptoOperations.failure(error)
        }
    }

    func decrypt(_ request: DecryptRequest, data: [UInt8], key: SecretBytes, identifier: String) throws(OperationError) -> DecryptResponse {
        guard let nonce = request.ivCounterNonce else { throw OperationError(.invalidMessage, "ChaCha20 decryption needs the nonce (missing IV)") }
        do throws(CryptoError) {
            switch self {
            case .chaCha20:
                return DecryptResponse(uniqueIdentifier: identifier, data: try ChaCha20.crypt(data, key: key, nonce: nonce))
            case .chaCha20Poly1305:
                guard let tag = request.authenticatedEncryptionTag else { throw CryptoError(.invalidParameters, "ChaCha20-Poly1305 decryption needs the tag") }
                return DecryptResponse(uniqueIdentifier: identifier, data: try ChaCha20.open(data, key: key, nonce: nonce, additionalData: request.authenticatedEncryptionAdditionalData ?? [], tag: tag))
            }
        } catch {
            throw CryptoOperations.failure(error)
        }
    }
}
