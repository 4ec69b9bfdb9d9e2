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
    static func symmetricKey(_ object: StoredObject, usage: CryptographicUsageMask, operation: String, context: OperationContext) throws(OperationError) -> (SecretBytes, CryptographicAlgorithm) {
        try object.requireUsable(for: usage, operation: operation, context: context)
        guard object.objectType == .symmetricKey, let algorithm = object.object.keyBlock?.cryptographicAlgorithm else {
            throw OperationError(.invalidObjectType, "object \(object.uniqueIdentifier) is not a symmetric key")
        }
        return (try KeyFormats.symmetricBytes(object), algorithm)
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
            if mode == .gcm, !SymmetricCipher.gcmTagLengths.contains(tagLength) { throw CryptoOperations.badTagLength(tagLength) }
        }
    }

    /// An AEAD tag length out of range: General Failure, as the profile cases CS-BC-M-GCM-1 and
    /// CS-BC-M-CHACHA20POLY1305-1 record it.
    static func badTagLength(_ length: Int) -> OperationError {
        OperationError(.generalFailure, "an authentication tag of \(length) bytes is not supported (4 to 16)")
    }

    /// Any error of a cryptographic step as the error to answer with.
    static func operationError(_ error: any Error) -> OperationError {
        switch error {
        case let error as CryptoError: failure(error)
        case let error as OperationError: error
        default: OperationError(.generalFailure, "\(error)")
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
            return .oaep(try digest(parameters.hashingAlgorithm ?? .sha_1), mgf1: try parameters.maskGeneratorHashingAlgorithm.map { (hash) throws(OperationError) in try digest(hash) },
                         label: parameters.pSource ?? [])
        case nil, .pkcs1V1_5?:
            return .pkcs1v15
        case let other?:
            throw OperationError(.unsupportedCryptographicParameters, "RSA encryption with \(other) padding is not supported")
        }
    }

    /// DER key bytes of an RSA key the client may use for `usage`.
    static func rsaKey(_ object: StoredObject, usage: CryptographicUsageMask, operation: String, context: OperationContext) throws(OperationError) -> [UInt8] {
        try object.requireUsable(for: usage, operation: operation, context: context)
        guard object.object.keyBlock?.cryptographicAlgorithm == .rsa else {
            throw OperationError(.invalidObjectType, "object \(object.uniqueIdentifier) is not an RSA key")
        }
        return try KeyPairOperations.keyBytes(object).der
    }

    static let encrypt: OperationHandler = { request, context in
        let encrypt = try StandardOperations.payload(request, as: EncryptRequest.self)
        let part = try Part(correlation: encrypt.correlationValue, initial: encrypt.initIndicator, final: encrypt.finalIndicator)
        let object = try await context.object(encrypt.uniqueIdentifier)
        guard part == .whole else { return try await encryptPart(encrypt, part, with: object, context: context) }
        let response = try encrypted(encrypt, with: object, context: context)
        // Counted once the data is encrypted, so a refused or failed request uses up nothing.
        try await context.consumeUsage(of: object, bytes: encrypt.data?.count ?? 0)
        return response
    }

    /// Encrypt's answer with `object`'s key (RSA for a public key).
    private static func encrypted(_ encrypt: EncryptRequest, with object: StoredObject, context: OperationContext) throws -> EncryptResponse {
        if object.objectType == .publicKey {
            let der = try rsaKey(object, usage: .encrypt, operation: "Encrypt", context: context)
            guard let data = encrypt.data else { throw OperationError.missing("Data") }
            do {
                let ciphertext = try RSAEncryption.encrypt(data, publicKeyDER: der, padding: try rsaPadding(parameters(encrypt.cryptographicParameters, object)))
                return EncryptResponse(uniqueIdentifier: object.uniqueIdentifier, data: ciphertext)
            } catch let error as CryptoError {
                throw failure(error)
            }
        }
        let (key, keyAlgorithm) = try symmetricKey(object, usage: .encrypt, operation: "Encrypt", context: context)
        let parameters = parameters(encrypt.cryptographicParameters, object)
        guard let data = encrypt.data else { throw OperationError.missing("Data") }
        if let stream = try StreamCipher(parameters, keyAlgorithm: keyAlgorithm) {
            return try stream.encrypt(encrypt, data: data, key: key, identifier: object.uniqueIdentifier)
        }
        let cipher = try Cipher(parameters, keyAlgorithm: keyAlgorithm)
        var iv = encrypt.ivCounterNonce
        var generated = false
        if iv == nil, let length = SymmetricCipher.ivLength(algorithm: cipher.algorithm, mode: cipher.mode) {
            do { iv = try Random.bytes(length) } catch { throw failure(error) }
            generated = true
        }
        do {
            let (ciphertext, tag) = try SymmetricCipher.encrypt(data, key: key, algorithm: cipher.algorithm, mode: cipher.mode, padding: cipher.padding,
                                                                iv: iv, additionalData: encrypt.authenticatedEncryptionAdditionalData, tagLength: cipher.tagLength)
            return EncryptResponse(uniqueIdentifier: object.uniqueIdentifier, data: ciphertext, ivCounterNonce: generated ? iv : nil, authenticatedEncryptionTag: tag)
        } catch {
            throw failure(error)
        }
    }

    static let decrypt: OperationHandler = { request, context in
        let decrypt = try StandardOperations.payload(request, as: DecryptRequest.self)
        let part = try Part(correlation: decrypt.correlationValue, initial: decrypt.initIndicator, final: decrypt.finalIndicator)
        let object = try await context.object(decrypt.uniqueIdentifier)
        guard part == .whole else { return try await decryptPart(decrypt, part, with: object, context: context) }
        if object.objectType == .privateKey {
            let der = try rsaKey(object, usage: .decrypt, operation: "Decrypt", context: context)
            guard let data = decrypt.data else { throw OperationError.missing("Data") }
            do {
                let plaintext = try RSAEncryption.decrypt(data, privateKeyDER: SecretBytes(der), padding: try rsaPadding(parameters(decrypt.cryptographicParameters, object)))
                return DecryptResponse(uniqueIdentifier: object.uniqueIdentifier, data: plaintext)
            } catch let error as CryptoError {
                throw failure(error)
            }
        }
        let (key, keyAlgorithm) = try symmetricKey(object, usage: .decrypt, operation: "Decrypt", context: context)
        guard let data = decrypt.data else { throw OperationError.missing("Data") }
        if let stream = try StreamCipher(parameters(decrypt.cryptographicParameters, object), keyAlgorithm: keyAlgorithm) {
            return try stream.decrypt(decrypt, data: data, key: key, identifier: object.uniqueIdentifier)
        }
        let cipher = try Cipher(parameters(decrypt.cryptographicParameters, object), keyAlgorithm: keyAlgorithm)
        if decrypt.ivCounterNonce == nil, SymmetricCipher.ivLength(algorithm: cipher.algorithm, mode: cipher.mode) != nil {
            // Invalid Message, as the CS-BC-M-11/12/13 vectors (1.3-2.1) record, although 2.0 added
            // Missing Initialization Vector.
            throw OperationError(.invalidMessage, "\(cipher.mode) decryption needs the IV/Counter/Nonce")
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

    /// A MAC the key and parameters name: HMAC for HMAC keys (or an HMAC algorithm in the
    /// parameters), CMAC for AES and Triple DES keys (Block Cipher Mode CMAC, or none).
    enum MACAlgorithm {
        case hmac(Digest.Algorithm)
        case cmac(CMAC.Cipher)

        init(_ parameters: CryptographicParameters?, keyAlgorithm: CryptographicAlgorithm) throws(OperationError) {
            let algorithm = parameters?.cryptographicAlgorithm ?? keyAlgorithm
            switch algorithm {
            case .aes, .des3:
                guard parameters?.blockCipherMode == nil || parameters?.blockCipherMode == .cmac else {
                    throw OperationError(.unsupportedCryptographicParameters, "a MAC with a block cipher is CMAC here, not \(parameters?.blockCipherMode.map { "\($0)" } ?? "")")
                }
                self = .cmac(algorithm == .aes ? .aes : .tripleDES)
            default:
                self = .hmac(try hmacDigest(algorithm))
            }
        }

        /// A run of this MAC under `key`.
        func stream(key: SecretBytes) throws(CryptoError) -> DigestStream {
            switch self {
            case .hmac(let digest): try DigestStream.hmac(key: key, digest: digest)
            case .cmac(let cipher): try DigestStream.cmac(key: key, cipher: cipher)
            }
        }
    }

    static let mac: OperationHandler = { request, context in
        let mac = try StandardOperations.payload(request, as: MACRequest.self)
        let part = try Part(correlation: mac.correlationValue, initial: mac.initIndicator, final: mac.finalIndicator)
        let object = try await context.object(mac.uniqueIdentifier)
        let (key, algorithm) = try symmetricKey(object, usage: .macGenerate, operation: "MAC", context: context)
        let data = try part.data(mac.data)
        let owner = CryptoStreams.Owner(client: context.client, object: object.uniqueIdentifier, operation: .mac)
        let digesting = try await runDigest(part, data: data, owner: owner, expected: nil, context: context) {
            try await context.consumeUsage(of: object, bytes: data.count, uses: part.beginsUse ? 1 : 0)
        } start: {
            try MACAlgorithm(parameters(mac.cryptographicParameters, object), keyAlgorithm: algorithm).stream(key: key)
        } finish: { stream, _ in
            try stream.finish()
        }
        switch digesting {
        case .open(let correlation):
            return MACResponse(uniqueIdentifier: object.uniqueIdentifier, correlationValue: correlation)
        case .ended(let mac):
            return MACResponse(uniqueIdentifier: object.uniqueIdentifier, macData: mac)
        }
    }

    static let macVerify: OperationHandler = { request, context in
        let verify = try StandardOperations.payload(request, as: MACVerifyRequest.self)
        let part = try Part(correlation: verify.correlationValue, initial: verify.initIndicator, final: verify.finalIndicator)
        let object = try await context.object(verify.uniqueIdentifier)
        let (key, algorithm) = try symmetricKey(object, usage: .macVerify, operation: "MAC Verify", context: context)
        let data = try part.data(verify.data)
        let owner = CryptoStreams.Owner(client: context.client, object: object.uniqueIdentifier, operation: .macVerify)
        let digesting = try await runDigest(part, data: data, owner: owner, expected: verify.macData, context: context) {
            try MACAlgorithm(parameters(verify.cryptographicParameters, object), keyAlgorithm: algorithm).stream(key: key)
        } finish: { stream, expected in
            guard let expected else { throw OperationError.missing("MAC Data") }
            return try stream.finish(verifying: expected)
        }
        switch digesting {
        case .open(let correlation):
            return MACVerifyResponse(uniqueIdentifier: object.uniqueIdentifier, correlationValue: correlation)
        case .ended(let valid):
            return MACVerifyResponse(uniqueIdentifier: object.uniqueIdentifier, validityIndicator: valid ? .valid : .invalid)
        }
    }

    static let hash: OperationHandler = { request, context in
        let hash = try StandardOperations.payload(request, as: HashRequest.self)
        let part = try Part(correlation: hash.correlationValue, initial: hash.initIndicator, final: hash.finalIndicator)
        let data = try part.data(hash.data)
        let owner = CryptoStreams.Owner(client: context.client, object: nil, operation: .hash)
        let digesting = try await runDigest(part, data: data, owner: owner, expected: nil, context: context) {
            guard let algorithm = hash.cryptographicParameters.hashingAlgorithm else { throw OperationError.missing("Hashing Algorithm") }
            return try DigestStream.hash(try digest(algorithm))
        } finish: { stream, _ in
            try stream.finish()
        }
        switch digesting {
        case .open(let correlation):
            return HashResponse(correlationValue: correlation)
        case .ended(let digest):
            return HashResponse(data: digest)
        }
    }
}
