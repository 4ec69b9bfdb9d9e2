import KMIP
import KMIPCrypto
import KMIPSpec

/// Where a request stands in a multi-part operation (KMIP 1.2 on: Init Indicator, Correlation
/// Value, Final Indicator).
enum Part: Equatable {
    /// All the data at once (no indicators, or Init and Final together).
    case whole
    /// The first part: a run begins.
    case first
    /// A later part of the run `correlation` names; the last one when `final`.
    case next(correlation: [UInt8], final: Bool)

    init(correlation: [UInt8]?, initial: Bool?, final: Bool?) throws(OperationError) {
        switch (initial == true, correlation, final == true) {
        case (false, nil, _), (true, nil, true): self = .whole
        case (true, nil, false): self = .first
        case (false, let correlation?, let final): self = .next(correlation: correlation, final: final)
        case (true, _?, _):
            throw OperationError(.invalidField, "an Init Indicator begins a multi-part operation; it cannot come with a Correlation Value")
        }
    }
}

/// Multi-part Encrypt and Decrypt with the block ciphers (AES in ECB, CBC, CTR and GCM; Triple
/// DES): the first part sets the key, parameters, IV and additional data and gets a Correlation
/// Value; each later part names it; the last one (Final Indicator) gets the padding and, for
/// GCM, makes or checks the tag. A part may carry no Data, and an answer carries Data only
/// when the cipher gave some (a block mode holds back a partial block). The key must still be
/// usable at every part. Usage Limits count each part's bytes, and one use at the first part.
extension CryptoOperations {
    /// One part of a multi-part Encrypt (`part` is not `.whole`).
    static func encryptPart(_ encrypt: EncryptRequest, _ part: Part, with object: StoredObject, context: OperationContext) async throws -> EncryptResponse {
        let key = try streamableKey(object, usage: .encrypt, operation: "Encrypt", context: context)
        let data = encrypt.data ?? []
        let identifier = object.uniqueIdentifier
        switch part {
        case .whole, .first:
            let cipher = try Cipher(parameters(encrypt.cryptographicParameters, object), keyAlgorithm: key.algorithm)
            var iv = encrypt.ivCounterNonce
            var generated = false
            do {
                if iv == nil, let length = SymmetricCipher.ivLength(algorithm: cipher.algorithm, mode: cipher.mode) {
                    iv = try Random.bytes(length)
                    generated = true
                }
                let stream = try SymmetricCipherStream(encrypting: true, key: key.bytes, algorithm: cipher.algorithm, mode: cipher.mode, padding: cipher.padding,
                                                       iv: iv, additionalData: encrypt.authenticatedEncryptionAdditionalData, tagLength: cipher.tagLength)
                let output = try stream.update(data)
                try await context.consumeUsage(of: object, bytes: data.count)
                let correlation = try context.streams.open(stream, owner: context.client, object: identifier, encrypting: true)
                return EncryptResponse(uniqueIdentifier: identifier, data: output.isEmpty ? nil : output, ivCounterNonce: generated ? iv : nil, correlationValue: correlation)
            } catch let error as CryptoError {
                throw failure(error)
            }
        case .next(let correlation, let final):
            let stream = try context.streams.take(correlation, owner: context.client, object: identifier, encrypting: true)
            do {
                var output = try stream.update(data)
                var tag: [UInt8]?
                if final {
                    let last = try stream.finish()
                    output += last.output
                    tag = last.tag
                }
                try await context.consumeUsage(of: object, bytes: data.count, uses: 0)
                if !final { context.streams.keep(stream, as: correlation, owner: context.client, object: identifier, encrypting: true) }
                return EncryptResponse(uniqueIdentifier: identifier, data: output.isEmpty ? nil : output, correlationValue: final ? nil : correlation, authenticatedEncryptionTag: tag)
            } catch let error as CryptoError {
                throw failure(error)
            }
        }
    }

    /// One part of a multi-part Decrypt (`part` is not `.whole`).
    static func decryptPart(_ decrypt: DecryptRequest, _ part: Part, with object: StoredObject, context: OperationContext) async throws -> DecryptResponse {
        let key = try streamableKey(object, usage: .decrypt, operation: "Decrypt", context: context)
        let data = decrypt.data ?? []
        let identifier = object.uniqueIdentifier
        switch part {
        case .whole, .first:
            let cipher = try Cipher(parameters(decrypt.cryptographicParameters, object), keyAlgorithm: key.algorithm)
            if decrypt.ivCounterNonce == nil, SymmetricCipher.ivLength(algorithm: cipher.algorithm, mode: cipher.mode) != nil {
                throw OperationError(.invalidMessage, "\(cipher.mode) decryption needs the IV/Counter/Nonce")
            }
            do {
                let stream = try SymmetricCipherStream(encrypting: false, key: key.bytes, algorithm: cipher.algorithm, mode: cipher.mode, padding: cipher.padding,
                                                       iv: decrypt.ivCounterNonce, additionalData: decrypt.authenticatedEncryptionAdditionalData)
                let output = try stream.update(data)
                let correlation = try context.streams.open(stream, owner: context.client, object: identifier, encrypting: false)
                return DecryptResponse(uniqueIdentifier: identifier, data: output.isEmpty ? nil : output, correlationValue: correlation)
            } catch let error as CryptoError {
                throw failure(error)
            }
        case .next(let correlation, let final):
            let stream = try context.streams.take(correlation, owner: context.client, object: identifier, encrypting: false)
            do {
                var output = try stream.update(data)
                if final {
                    output += try stream.finish(tag: decrypt.authenticatedEncryptionTag).output
                } else {
                    context.streams.keep(stream, as: correlation, owner: context.client, object: identifier, encrypting: false)
                }
                return DecryptResponse(uniqueIdentifier: identifier, data: output.isEmpty ? nil : output, correlationValue: final ? nil : correlation)
            } catch {
                throw failure(error)
            }
        }
    }

    /// The key of a multi-part run: a symmetric key the client may use for `usage` now (RSA
    /// answers whole requests only; `Cipher` refuses the stream ciphers).
    private static func streamableKey(_ object: StoredObject, usage: CryptographicUsageMask, operation: String, context: OperationContext) throws -> (bytes: SecretBytes, algorithm: CryptographicAlgorithm) {
        guard object.objectType == .symmetricKey else {
            throw OperationError(.featureNotSupported, "multi-part \(operation) is offered for block-cipher keys only; send the whole data at once")
        }
        let (bytes, algorithm) = try symmetricKey(object, usage: usage, operation: operation, context: context)
        return (bytes, algorithm)
    }
}
