import KMIP
import KMIPCrypto
import KMIPSpec
import TTLV

/// Encrypt, Decrypt, MAC, MAC Verify and Hash, through OpenSSL (`KMIPCrypto`).
enum CryptoOperations {
    static var all: [Operation: OperationHandler] {
        [.encrypt: encrypt, .decrypt: decrypt, .mac: mac, .macVerify: macVerify, .hash: hash]
    }

    /// The raw bytes of a symmetric key the client may use for `usage`.
    static func symmetricKey(_ object: StoredObject, usage: CryptographicUsageMask, operation: String) throws(OperationError) -> (SecretBytes, CryptographicAlgorithm) {
        try object.requireUsable(for: usage, operation: operation)
        guard object.objectType == .symmetricKey, let algorithm = object.object.keyBlock?.cryptographicAlgorithm else {
            throw OperationError(.invalidObjectType, "object \(object.uniqueIdentifier) is not a symmetric key")
        }
        return (try KeyFormats.symmetricBytes(object), algorithm)
    }

    /// Multi-part operations (Correlation Value, Init and Final Indicators) are not kept.
    static func requireSinglePart(correlation: [UInt8]?, initial: Bool?, final: Bool?) throws(OperationError) {
        if correlation != nil || initial == true || final == true {
            throw OperationError(.featureNotSupported, "multi-part (streaming) operations are not supported; send the whole data at once")
        }
    }

    /// The parameters to use: the request's, else the key's Cryptographic Parameters attribute.
    static func parameters(_ requested: CryptographicParameters?, _ object: StoredObject) -> CryptographicParameters {
        requested ?? ((try? object.attributes.value(.cryptographicParameters, as: CryptographicParameters.self)) ?? nil) ?? CryptographicParameters()
    }

    struct Cipher {
        var algorithm: SymmetricCipher.Algorithm
        var mode: SymmetricCipher.Mode
        var padding: SymmetricCipher.Padding
        var tagLength: Int

        init(_ parameters: CryptographicParameters, keyAlgorithm: CryptographicAlgorithm) throws(OperationError) {
            switch parameters.cryptographicAlgorithm ?? keyAlgorithm {
            case .aes: algorithm = .aes
            case .des3: algorithm = .tripleDES
            case let other: throw OperationError(.unsupportedCryptographicParameters, "\(other) is not a block cipher this server offers")
            }
            switch parameters.blockCipherMode ?? .cbc {
            case .ecb: mode = .ecb
            case .cbc: mode = .cbc
            case .ctr: mode = .ctr
            case .gcm: mode = .gcm
            case .xts: mode = .xts
            case let other: throw OperationError(.unsupportedCryptographicParameters, "block cipher mode \(other) is not supported")
            }
            switch parameters.paddingMethod {
            case nil: padding = .none
            case .pkcs5?: padding = .pkcs5
            case .none?: padding = .none
            case let other?: throw OperationError(.unsupportedCryptographicParameters, "padding method \(other) is not supported")
            }
            tagLength = Int(parameters.tagLength ?? 16)
        }
    }

    static func failure(_ error: CryptoError) -> OperationError {
        switch error.code {
        case .authenticationFailed: OperationError(.cryptographicFailure, error.description)
        case .unsupported: OperationError(.unsupportedCryptographicParameters, error.description)
        case .invalidKey: OperationError(.invalidField, error.description)
        case .invalidParameters: OperationError(.badCryptographicParameters, error.description)
        default: OperationError(.cryptographicFailure, error.description)
        }
    }

    /// RSA padding from the parameters: OAEP (hash and MGF1 hash default to SHA-1, as PKCS#1
    /// does) or PKCS#1 v1.5 (the default).
    static func rsaPadding(_ parameters: CryptographicParameters) throws(OperationError) -> RSAEncryption.Padding {
        switch parameters.paddingMethod {
        case .oaep?:
            return .oaep(try digest(parameters.hashingAlgorithm ?? .sha_1), mgf1: try parameters.maskGeneratorHashingAlgorithm.map { (hash) throws(OperationError) in try digest(hash) })
        case nil, .pkcs1V1_5?:
            return .pkcs1v15
        case let other?:
            throw OperationError(.unsupportedCryptographicParameters, "RSA encryption with \(other) padding is not supported")
        }
    }

    /// DER key bytes of an RSA key the client may use for `usage`.
    static func rsaKey(_ object: StoredObject, usage: CryptographicUsageMask, operation: String) throws(OperationError) -> [UInt8] {
        try object.requireUsable(for: usage, operation: operation)
        guard object.object.keyBlock?.cryptographicAlgorithm == .rsa else {
            throw OperationError(.invalidObjectType, "object \(object.uniqueIdentifier) is not an RSA key")
        }
        return try KeyPairOperations.keyBytes(object).der
    }

    static let encrypt: OperationHandler = { request, context in
        let encrypt = try StandardOperations.payload(request, as: EncryptRequest.self)
        try requireSinglePart(correlation: encrypt.correlationValue, initial: encrypt.initIndicator, final: encrypt.finalIndicator)
        let object = try await context.object(encrypt.uniqueIdentifier)
        if object.objectType == .publicKey {
            let der = try rsaKey(object, usage: .encrypt, operation: "Encrypt")
            guard let data = encrypt.data else { throw OperationError.missing("Data") }
            do {
                let ciphertext = try RSAEncryption.encrypt(data, publicKeyDER: der, padding: try rsaPadding(parameters(encrypt.cryptographicParameters, object)))
                return EncryptResponse(uniqueIdentifier: object.uniqueIdentifier, data: ciphertext)
            } catch let error as CryptoError {
                throw failure(error)
            }
        }
        let (key, keyAlgorithm) = try symmetricKey(object, usage: .encrypt, operation: "Encrypt")
        let parameters = parameters(encrypt.cryptographicParameters, object)
        let cipher = try Cipher(parameters, keyAlgorithm: keyAlgorithm)
        guard let data = encrypt.data else { throw OperationError.missing("Data") }
        var iv = encrypt.ivCounterNonce
        var generated = false
        if iv == nil, let length = SymmetricCipher.ivLength(algorithm: cipher.algorithm, mode: cipher.mode) {
            do { iv = try Random.bytes(length) } catch let error as CryptoError { throw failure(error) }
            generated = true
        }
        do {
            let (ciphertext, tag) = try SymmetricCipher.encrypt(data, key: key, algorithm: cipher.algorithm, mode: cipher.mode, padding: cipher.padding,
                                                                iv: iv, additionalData: encrypt.authenticatedEncryptionAdditionalData, tagLength: cipher.tagLength)
            return EncryptResponse(uniqueIdentifier: object.uniqueIdentifier, data: ciphertext, ivCounterNonce: generated ? iv : nil, authenticatedEncryptionTag: tag)
        } catch let error as CryptoError {
            throw failure(error)
        }
    }

    static let decrypt: OperationHandler = { request, context in
        let decrypt = try StandardOperations.payload(request, as: DecryptRequest.self)
        try requireSinglePart(correlation: decrypt.correlationValue, initial: decrypt.initIndicator, final: decrypt.finalIndicator)
        let object = try await context.object(decrypt.uniqueIdentifier)
        if object.objectType == .privateKey {
            let der = try rsaKey(object, usage: .decrypt, operation: "Decrypt")
            guard let data = decrypt.data else { throw OperationError.missing("Data") }
            do {
                let plaintext = try RSAEncryption.decrypt(data, privateKeyDER: SecretBytes(der), padding: try rsaPadding(parameters(decrypt.cryptographicParameters, object)))
                return DecryptResponse(uniqueIdentifier: object.uniqueIdentifier, data: plaintext)
            } catch let error as CryptoError {
                throw failure(error)
            }
        }
        let (key, keyAlgorithm) = try symmetricKey(object, usage: .decrypt, operation: "Decrypt")
        let cipher = try Cipher(parameters(decrypt.cryptographicParameters, object), keyAlgorithm: keyAlgorithm)
        guard let data = decrypt.data else { throw OperationError.missing("Data") }
        if decrypt.ivCounterNonce == nil, SymmetricCipher.ivLength(algorithm: cipher.algorithm, mode: cipher.mode) != nil {
            throw OperationError(.missingInitializationVector, "\(cipher.mode) decryption needs the IV/Counter/Nonce")
        }
        do {
            let plaintext = try SymmetricCipher.decrypt(data, key: key, algorithm: cipher.algorithm, mode: cipher.mode, padding: cipher.padding,
                                                        iv: decrypt.ivCounterNonce, additionalData: decrypt.authenticatedEncryptionAdditionalData,
                                                        tag: decrypt.authenticatedEncryptionTag)
            return DecryptResponse(uniqueIdentifier: object.uniqueIdentifier, data: plaintext)
        } catch let error as CryptoError {
            throw failure(error)
        }
    }

    static func digest(_ algorithm: HashingAlgorithm) throws(OperationError) -> Digest.Algorithm {
        switch algorithm {
        case .sha_1: .sha1
        case .sha_224: .sha224
        case .sha_256: .sha256
        case .sha_384: .sha384
        case .sha_512: .sha512
        case .sha3_224: .sha3_224
        case .sha3_256: .sha3_256
        case .sha3_384: .sha3_384
        case .sha3_512: .sha3_512
        case .md5: .md5
        default: throw OperationError(.unsupportedCryptographicParameters, "hashing algorithm \(algorithm) is not supported")
        }
    }

    static func hmacDigest(_ algorithm: CryptographicAlgorithm) throws(OperationError) -> Digest.Algorithm {
        switch algorithm {
        case .hmac_SHA1: .sha1
        case .hmac_SHA224: .sha224
        case .hmac_SHA256: .sha256
        case .hmac_SHA384: .sha384
        case .hmac_SHA512: .sha512
        case .hmac_SHA3_256: .sha3_256
        case .hmac_SHA3_384: .sha3_384
        case .hmac_SHA3_512: .sha3_512
        default: throw OperationError(.unsupportedCryptographicParameters, "\(algorithm) is not an HMAC this server offers")
        }
    }

    static let mac: OperationHandler = { request, context in
        let mac = try StandardOperations.payload(request, as: MACRequest.self)
        try requireSinglePart(correlation: mac.correlationValue, initial: mac.initIndicator, final: mac.finalIndicator)
        let object = try await context.object(mac.uniqueIdentifier)
        let (key, algorithm) = try symmetricKey(object, usage: .macGenerate, operation: "MAC")
        guard let data = mac.data else { throw OperationError.missing("Data") }
        do {
            return MACResponse(uniqueIdentifier: object.uniqueIdentifier, macData: try HMAC.authenticate(data, key: key, digest: try hmacDigest(mac.cryptographicParameters?.cryptographicAlgorithm ?? algorithm)))
        } catch let error as CryptoError {
            throw failure(error)
        }
    }

    static let macVerify: OperationHandler = { request, context in
        let verify = try StandardOperations.payload(request, as: MACVerifyRequest.self)
        try requireSinglePart(correlation: verify.correlationValue, initial: verify.initIndicator, final: verify.finalIndicator)
        let object = try await context.object(verify.uniqueIdentifier)
        let (key, algorithm) = try symmetricKey(object, usage: .macVerify, operation: "MAC Verify")
        guard let data = verify.data, let expected = verify.macData else { throw OperationError.missing("Data and MAC Data") }
        do {
            let valid = try HMAC.verify(data, mac: expected, key: key, digest: try hmacDigest(verify.cryptographicParameters?.cryptographicAlgorithm ?? algorithm))
            return MACVerifyResponse(uniqueIdentifier: object.uniqueIdentifier, validityIndicator: valid ? .valid : .invalid)
        } catch let error as CryptoError {
            throw failure(error)
        }
    }

    static let hash: OperationHandler = { request, _ in
        let hash = try StandardOperations.payload(request, as: HashRequest.self)
        try requireSinglePart(correlation: hash.correlationValue, initial: hash.initIndicator, final: hash.finalIndicator)
        guard let algorithm = hash.cryptographicParameters.hashingAlgorithm else { throw OperationError.missing("Hashing Algorithm") }
        guard let data = hash.data else { throw OperationError.missing("Data") }
        do {
            return HashResponse(data: try Digest.hash(data, algorithm: try digest(algorithm)))
        } catch let error as CryptoError {
            throw failure(error)
        }
    }
}
